using System.Numerics.Tensors;
using Translate.Core.Inference;
using Translate.Core.Text;

namespace Translate.Core.Summarization;

/// <summary>A summary: its sentences, verbatim and in document order.</summary>
public sealed record Summary(IReadOnlyList<string> Sentences, SummaryMethod Method, string Engine)
{
    public string Text => string.Join(" ", Sentences);

    public int WordCount => Sentences.Sum(WordCounter.Count);
}

/// <summary>How a summary was written. Numbered as the contract's SummaryMethod.</summary>
public enum SummaryMethod
{
    Extractive = 1,
    Abstractive = 2,
}

/// <summary>Length limits of a summary.</summary>
public sealed record SummaryLimits(int MaxWords = SummaryLimits.DefaultMaxWords, int MaxSentences = SummaryLimits.DefaultMaxSentences)
{
    public const int DefaultMaxWords = 60;
    public const int DefaultMaxSentences = 3;
}

/// <summary>
/// Extractive summary from sentence embeddings: each sentence is scored by its centrality (cosine similarity to
/// the document's mean embedding, as in centroid summarisation and LexRank) plus a lead bias (news puts the
/// essential first), then sentences are picked greedily by maximal marginal relevance (Carbonell and Goldstein,
/// 1998) so the summary does not say the same thing twice, within the word and sentence limits.
/// </summary>
public sealed class ExtractiveSummarizer(SentenceEncoder encoder, ExtractiveSummarizerOptions options)
{
    public const string EngineName = EmbeddedMiniLm.Name + ":centrality-mmr";

    /// <param name="eligible">Which sentences may be used (for example, not those in another language); null for all.</param>
    public async Task<Summary> SummarizeAsync(string text, IReadOnlyList<Sentence> sentences, SummaryLimits limits, IReadOnlyList<bool>? eligible = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxWords, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxSentences, 1);
        var candidates = new List<int>();
        for (var i = 0; i < sentences.Count; i++)
        {
            if ((eligible is null || eligible[i]) && IsProse(sentences[i].Of(text)))
            {
                candidates.Add(i);
            }
        }
        if (candidates.Count == 0)
        {
            candidates.AddRange(Enumerable.Range(0, sentences.Count).Where(i => eligible is null || eligible[i]));
        }
        if (candidates.Count == 0)
        {
            return new Summary([], SummaryMethod.Extractive, EngineName);
        }

        var texts = candidates.Select(i => sentences[i].TextOf(text)).ToArray();
        var embeddings = await encoder.EmbedAsync(texts, cancellationToken).ConfigureAwait(false);
        var centroid = new float[encoder.Dimension];
        foreach (var embedding in embeddings)
        {
            TensorPrimitives.Add(centroid, embedding, centroid);
        }
        var norm = TensorPrimitives.Norm(centroid);
        TensorPrimitives.Divide(centroid, norm > 0 ? norm : 1, centroid);

        var relevance = new double[texts.Length];
        for (var k = 0; k < texts.Length; k++)
        {
            var centrality = TensorPrimitives.Dot(embeddings[k], centroid);
            var lead = 1.0 / (1.0 + k / options.LeadHalfLife);
            relevance[k] = centrality + options.LeadWeight * lead;
        }

        var words = texts.Select(WordCounter.Count).ToArray();
        var chosen = new List<int>();
        var usedWords = 0;
        while (chosen.Count < limits.MaxSentences)
        {
            var best = -1;
            var bestScore = double.NegativeInfinity;
            for (var k = 0; k < texts.Length; k++)
            {
                if (chosen.Contains(k) || usedWords + words[k] > limits.MaxWords)
                {
                    continue;
                }
                var redundancy = chosen.Count == 0 ? 0 : chosen.Max(c => TensorPrimitives.Dot(embeddings[k], embeddings[c]));
                var score = options.Lambda * relevance[k] - (1 - options.Lambda) * redundancy;
                if (score > bestScore)
                {
                    bestScore = score;
                    best = k;
                }
            }
            if (best < 0)
            {
                break;
            }
            chosen.Add(best);
            usedWords += words[best];
        }
        if (chosen.Count == 0)
        {
            // Every sentence is longer than the word limit: the most relevant one, cut at the limit.
            var top = Enumerable.Range(0, texts.Length).MaxBy(k => relevance[k]);
            return new Summary([WordCounter.Truncate(texts[top], limits.MaxWords)], SummaryMethod.Extractive, EngineName);
        }
        chosen.Sort();
        return new Summary(chosen.Select(k => texts[k]).ToArray(), SummaryMethod.Extractive, EngineName);
    }

    // Titles, datelines and captions carry no final punctuation; they make poor summary sentences.
    private static bool IsProse(ReadOnlySpan<char> sentence)
    {
        var trimmed = sentence.TrimEnd("\"'”’)»] ");
        return trimmed.Length > 0 && trimmed[^1] is '.' or '!' or '?' or '…' && WordCounter.Count(sentence) >= 6;
    }
}

/// <summary>Settings of <see cref="ExtractiveSummarizer"/> (configuration section "Summarization:Extractive").</summary>
public sealed class ExtractiveSummarizerOptions
{
    /// <summary>Weight of the lead bias against centrality.</summary>
    public double LeadWeight { get; set; } = 0.5;

    /// <summary>Sentence position (among candidates) at which the lead bias has halved.</summary>
    public double LeadHalfLife { get; set; } = 2.0;

    /// <summary>MMR trade-off: 1 is pure relevance, 0 pure novelty.</summary>
    public double Lambda { get; set; } = 0.7;
}
