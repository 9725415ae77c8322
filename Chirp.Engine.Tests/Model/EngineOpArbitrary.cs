using FsCheck;
using FsCheck.Fluent;

namespace Chirp.Engine.Tests.Model;

/// <summary>Generates operations with spread-out kinds and operands; arrays of them shrink by dropping operations.</summary>
public static class EngineOpArbitrary
{
    public static Arbitrary<EngineOp> Op() =>
        (from kind in Gen.Choose(0, 9_999)
         from a in Gen.Choose(0, 9_999)
         from b in Gen.Choose(0, 9_999)
         select new EngineOp(kind, a, b)).ToArbitrary();
}
