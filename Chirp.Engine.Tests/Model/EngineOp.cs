namespace Chirp.Engine.Tests.Model;

/// <summary>A generated operation. Kind picks the operation; A and B pick users and tweets from the model's lists.</summary>
public sealed record EngineOp(int Kind, int A, int B)
{
    public override string ToString() => $"{EngineOps.Describe(Kind)}({A},{B})";
}
