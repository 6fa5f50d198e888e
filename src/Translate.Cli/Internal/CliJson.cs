using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Translate.Core.Processing;

namespace Translate.Cli.Internal;

/// <summary>The JSON the CLI reads and writes: snake_case names, enums as snake_case strings, one object a line.</summary>
internal static class CliJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), new SinglePrecisionConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>One output line of `batch`, and the output of `--json`.</summary>
    public static object ToOutput(DocumentResult result, bool withSegments) => new OutputDocument(
        result.Id,
        result.Text,
        result.Summary?.Text,
        result.Summary is { } summary ? new OutputSummary(summary.Sentences, summary.Method.ToString().ToLowerInvariant(), summary.Engine, summary.WordCount) : null,
        result.Edits,
        withSegments ? result.Segments : null);

    private sealed record OutputSummary(IReadOnlyList<string> Sentences, string Method, string Engine, int WordCount);

    private sealed record OutputDocument(
        string Id,
        string Text,
        string? Summary,
        OutputSummary? SummaryDetail,
        IReadOnlyList<ReportedEdit> Edits,
        IReadOnlyList<ReportedSegment>? Segments);
}

/// <summary>
/// Confidences are written to the precision the gRPC contract carries them (a float: about 7 significant digits),
/// so a document's output line is the same byte for byte whether it was processed in this process or by a server
/// (`batch --server`). Read as written.
/// </summary>
internal sealed class SinglePrecisionConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(double.Parse(((float)value).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
}

/// <summary>One input line of `batch`.</summary>
internal sealed record InputDocument(string? Id, string? Text, string? SourceText, string? SourceLanguage, string? TargetLanguage);
