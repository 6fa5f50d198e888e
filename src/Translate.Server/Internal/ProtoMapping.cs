using Translate.Core.Inference.Batching;
using Translate.Core.Processing;
using Translate.Protos.V1;
using CoreEditDisposition = Translate.Core.Cleanup.EditDisposition;
using CoreEditKind = Translate.Core.Cleanup.EditKind;
using CoreResult = Translate.Core.Processing.DocumentResult;
using CoreSummaryMethod = Translate.Core.Summarization.SummaryMethod;
using ProtoResult = Translate.Protos.V1.DocumentResult;

namespace Translate.Server.Internal;

/// <summary>Converts between the contract's messages and Core's types.</summary>
internal static class ProtoMapping
{
    public static DocumentRequest ToCore(this Document? document) => document is null
        ? new DocumentRequest(string.Empty, string.Empty)
        : new DocumentRequest(document.Id, document.Text, document.SourceText, document.SourceLanguage, document.TargetLanguage);

    public static ProcessingRequestOptions ToCore(CleanOptions? clean, SummaryOptions? summary) => new(
        MinConfidence: clean is { MinConfidence: > 0 } ? clean.MinConfidence : null,
        MaxWords: summary is { MaxWords: not 0 } ? summary.MaxWords : null,
        MaxSentences: summary is { MaxSentences: not 0 } ? summary.MaxSentences : null,
        ProtectedTerms: clean is { ProtectedTerms.Count: > 0 } ? [.. clean.ProtectedTerms] : null);

    public static ProtoResult ToProto(this CoreResult result)
    {
        var message = new ProtoResult { Id = result.Id, Text = result.Text };
        foreach (var edit in result.Edits)
        {
            message.Edits.Add(new Edit
            {
                Start = edit.Start,
                Length = edit.Length,
                Original = edit.Original,
                Replacement = edit.Replacement,
                Kind = edit.Kind.ToProto(),
                Reason = edit.Reason,
                Confidence = (float)edit.Confidence,
                Engine = edit.Engine,
                Disposition = edit.Disposition.ToProto(),
            });
        }
        foreach (var segment in result.Segments)
        {
            message.Segments.Add(new Segment
            {
                Start = segment.Start,
                Length = segment.Length,
                Paragraph = segment.Paragraph,
                Language = segment.Language,
                LanguageConfidence = (float)segment.LanguageConfidence,
            });
        }
        if (result.Summary is { } summary)
        {
            message.Summary = new Summary
            {
                Text = summary.Text,
                Method = summary.Method.ToProto(),
                Engine = summary.Engine,
                WordCount = summary.WordCount,
            };
            message.Summary.Sentences.Add(summary.Sentences);
        }
        return message;
    }

    public static EditKind ToProto(this CoreEditKind kind) => kind switch
    {
        CoreEditKind.GluedWords => EditKind.GluedWords,
        CoreEditKind.Spacing => EditKind.Spacing,
        CoreEditKind.Punctuation => EditKind.Punctuation,
        CoreEditKind.DoubledWord => EditKind.DoubledWord,
        CoreEditKind.Untranslated => EditKind.Untranslated,
        CoreEditKind.Calque => EditKind.Calque,
        CoreEditKind.Rewrite => EditKind.Rewrite,
        CoreEditKind.Casing => EditKind.Casing,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "The contract has no EditKind for this value."),
    };

    public static EditDisposition ToProto(this CoreEditDisposition disposition) => disposition switch
    {
        CoreEditDisposition.Applied => EditDisposition.Applied,
        CoreEditDisposition.Suggested => EditDisposition.Suggested,
        CoreEditDisposition.Flagged => EditDisposition.Flagged,
        _ => throw new ArgumentOutOfRangeException(nameof(disposition), disposition, "The contract has no EditDisposition for this value."),
    };

    public static SummaryMethod ToProto(this CoreSummaryMethod method) => method switch
    {
        CoreSummaryMethod.Extractive => SummaryMethod.Extractive,
        CoreSummaryMethod.Abstractive => SummaryMethod.Abstractive,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "The contract has no SummaryMethod for this value."),
    };

    public static ModelUsage ToUsage(long inputs, BatcherCounters counters) => new()
    {
        Inputs = inputs,
        Rows = counters.Requests,
        Batches = counters.Batches,
        Tokens = counters.Tokens,
        PaddingTokens = counters.PaddingTokens,
        RefusedRows = counters.Refused,
    };
}
