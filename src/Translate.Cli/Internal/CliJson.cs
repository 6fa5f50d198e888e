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
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
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

/// <summary>One input line of `batch`.</summary>
internal sealed record InputDocument(string? Id, string? Text, string? SourceText, string? SourceLanguage, string? TargetLanguage);
