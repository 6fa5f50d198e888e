using System.Globalization;
using Translate.Core.Inference.Batching;
using Translate.Core.Processing;
using Translate.Protos.V1;
using CoreEditDisposition = Translate.Core.Cleanup.EditDisposition;
using CoreEditKind = Translate.Core.Cleanup.EditKind;
using CoreResult = Translate.Core.Processing.DocumentResult;
using CoreSummary = Translate.Core.Summarization.Summary;
using CoreSummaryMethod = Translate.Core.Summarization.SummaryMethod;
using ProtoResult = Translate.Protos.V1.DocumentResult;

namespace Translate.Server.Internal;

/// <summary>
/// Converts between the contract's messages and Core's types, both ways: the server reads requests and writes
/// results, the CLI's remote runner (--server) writes requests and reads results.
/// </summary>
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

    /// <summary>The request a client sends for a Core request; a missing optional field is the contract's empty string.</summary>
    public static Document ToProto(this DocumentRequest request) => new()
    {
        Id = request.Id,
        Text = request.Text,
        SourceText = request.SourceText ?? string.Empty,
        SourceLanguage = request.SourceLanguage ?? string.Empty,
        TargetLanguage = request.TargetLanguage ?? string.Empty,
    };

    /// <summary>
    /// Core's result for a result message (the reverse of <see cref="ToProto(CoreResult)"/>), so that a result from a
    /// server prints exactly as one made in process. The message must not carry an error.
    /// </summary>
    public static CoreResult ToCore(this ProtoResult message)
    {
        var edits = new ReportedEdit[message.Edits.Count];
        for (var i = 0; i < edits.Length; i++)
        {
            var edit = message.Edits[i];
            edits[i] = new ReportedEdit(edit.Start, edit.Length, edit.Original, edit.Replacement, edit.Kind.ToCore(), edit.Reason,
                ToCoreConfidence(edit.Confidence), edit.Engine, edit.Disposition.ToCore());
        }
        var segments = new ReportedSegment[message.Segments.Count];
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = message.Segments[i];
            segments[i] = new ReportedSegment(segment.Start, segment.Length, segment.Paragraph, segment.Language, ToCoreConfidence(segment.LanguageConfidence));
        }
        var summary = message.Summary is { } proto ? new CoreSummary([.. proto.Sentences], proto.Method.ToCore(), proto.Engine) : null;
        return new CoreResult(message.Id, message.Text, edits, segments, summary);
    }

    /// <summary>
    /// A confidence as the double it most likely was: the contract carries a float, and widening 0.9f gives
    /// 0.8999999761581421, so the float's shortest decimal form is parsed instead. Confidences written as constants
    /// (0.9, 0.85) come back exactly; a computed one (a language identifier's) comes back to the float's 7 digits.
    /// </summary>
    public static double ToCoreConfidence(float confidence) =>
        double.Parse(confidence.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);

    public static CoreEditKind ToCore(this EditKind kind) => kind switch
    {
        EditKind.GluedWords => CoreEditKind.GluedWords,
        EditKind.Spacing => CoreEditKind.Spacing,
        EditKind.Punctuation => CoreEditKind.Punctuation,
        EditKind.DoubledWord => CoreEditKind.DoubledWord,
        EditKind.Untranslated => CoreEditKind.Untranslated,
        EditKind.Calque => CoreEditKind.Calque,
        EditKind.Rewrite => CoreEditKind.Rewrite,
        EditKind.Casing => CoreEditKind.Casing,
        _ => throw new InvalidDataException($"The server sent an edit of kind {kind}, which this client does not know."),
    };

    public static CoreEditDisposition ToCore(this EditDisposition disposition) => disposition switch
    {
        EditDisposition.Applied => CoreEditDisposition.Applied,
        EditDisposition.Suggested => CoreEditDisposition.Suggested,
        EditDisposition.Flagged => CoreEditDisposition.Flagged,
        _ => throw new InvalidDataException($"The server sent an edit disposition {disposition}, which this client does not know."),
    };

    public static CoreSummaryMethod ToCore(this SummaryMethod method) => method switch
    {
        SummaryMethod.Extractive => CoreSummaryMethod.Extractive,
        SummaryMethod.Abstractive => CoreSummaryMethod.Abstractive,
        _ => throw new InvalidDataException($"The server sent a summary method {method}, which this client does not know."),
    };

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
