using Translate.Core.Inference.Batching;
using Translate.Core.Processing;
using Translate.Protos.V1;
using CoreResult = Translate.Core.Processing.DocumentResult;
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
                Kind = (EditKind)(int)edit.Kind,
                Reason = edit.Reason,
                Confidence = (float)edit.Confidence,
                Engine = edit.Engine,
                Disposition = (EditDisposition)(int)edit.Disposition,
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
                Method = (SummaryMethod)(int)summary.Method,
                Engine = summary.Engine,
                WordCount = summary.WordCount,
            };
            message.Summary.Sentences.Add(summary.Sentences);
        }
        return message;
    }

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
