using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chirp.Bench.Workload;

/// <summary>
/// Writes a double that is NaN or infinite as JSON null, since JSON has no such numbers, and reads null back as NaN.
/// A measurement that did not happen (no operations, so no percentile) is then "no value" to a reader, never a 0 that
/// looks like an excellent result. Every finite double is written and read as usual.
/// </summary>
internal sealed class FiniteDoubleJsonConverter : JsonConverter<double>
{
    public override bool HandleNull => true;

    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteNullValue();
    }
}
