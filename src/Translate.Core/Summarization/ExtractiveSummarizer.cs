using System.Numerics.Tensors;
using Translate.Core.Inference.Batching;
using Translate.Core.Models;
using Translate.Core.Text;

namespace Translate.Core.Summarization;

/// <summary>
/// Extractive summary on sentence embeddings, in the spirit of PacSum (Zheng and Lapata, 2019: position-aware
/// centrality) and of MMR (Carbonell and Goldstein, 1998: no repetition), measured against LEAD-3 on news:
/// <list type="number">
/// <item>Candidates are prose sentences (final punctuation, six words or more) in the target language, not
/// questions (they announce rather than tell); the opening wire dateline ("(CNN)") is left out.</item>
/// <item>Each candidate's relevance is a lead prior that halves at the <c>LeadHalfLife</c>-th candidate (news
/// puts the essential first, which is why LEAD-3 is so hard to beat), plus its centrality (cosine similarity
/// to the mean embedding of all candidates, as in centroid summarisation and LexRank), less a penalty for a
/// sentence that opens with a quotation (quotes colour a story more often than they sum it up).</item>
/// <item>A sentence's value is relevance × words^<c>LengthExponent</c>, because what a summary covers grows with
/// its words; the summary is the set of greatest value within the word and sentence limits, with no two
/// near-duplicate sentences (cosine above <c>DuplicateSimilarity</c>, or a shared word trigram), found exactly by
/// <see cref="SentenceSelection"/> rather than greedily, so the word budget is used well.</item>
/// </list>
/// Sentences are kept verbatim and in document order. The weights were set on the 50-article CNN/DailyMail dev
/// set, by the average over word budgets 70, 75 and 80 rather than at one budget; docs/SUMMARIES.md has the numbers.
/// </summary>
public sealed class ExtractiveSummarizer(SentenceEncoder encoder, ExtractiveSummarizerOptions options)
{
    public const string EngineName = EmbeddedMiniLm.Name + ":lead-centrality";

    /// <summary>The engine of a summary of a text with no prose sentence: its lead, no model.</summary>
    public const string LeadEngineName = "rules:lead";

    /// <param name="eligible">Which sentences may be used (for example, not those in another language); null for all.</param>
    public async Task<Summary> SummarizeAsync(string text, IReadOnlyList<Sentence> sentences, SummaryLimits limits, IReadOnlyList<bool>? eligible = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxWords, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxSentences, 1);
        var (allowed, candidates) = Choosable(text, sentences, eligible);
        if (candidates.Count == 0)
        {
            return Lead(allowed, limits);
        }

        var embeddings = await encoder.EmbedAsync(candidates, cancellationToken).ConfigureAwait(false);
        var centroid = new float[encoder.Dimension];
        foreach (var embedding in embeddings)
        {
            TensorPrimitives.Add(centroid, embedding, centroid);
        }
        var norm = TensorPrimitives.Norm(centroid);
        TensorPrimitives.Divide(centroid, norm > 0 ? norm : 1, centroid);

        var words = candidates.Select(WordCounter.Count).ToArray();
        var relevance = new double[candidates.Count];
        var values = new double[candidates.Count];
        for (var k = 0; k < candidates.Count; k++)
        {
            var lead = 1.0 / (1.0 + k / options.LeadHalfLife);
            var centrality = TensorPrimitives.Dot(embeddings[k], centroid);
            var quote = OpensWithQuote(candidates[k]) ? options.QuotePenalty : 0;
            relevance[k] = lead + options.CentralityWeight * centrality - quote;
            values[k] = relevance[k] * Math.Pow(words[k], options.LengthExponent);
        }

        var trigrams = options.TrigramBlocking ? candidates.Select(WordTrigrams).ToArray() : null;
        var chosen = SentenceSelection.Select(
            values,
            words,
            (a, b) => TensorPrimitives.Dot(embeddings[a], embeddings[b]) > options.DuplicateSimilarity
                || (trigrams is not null && trigrams[a].Overlaps(trigrams[b])),
            limits,
            options.SearchPool);
        if (chosen.Count == 0)
        {
            // Every sentence is longer than the word limit: the most relevant one, cut at the limit.
            var top = Enumerable.Range(0, candidates.Count).MaxBy(k => relevance[k]);
            return new Summary([WordCounter.Truncate(candidates[top], limits.MaxWords)], SummaryMethod.Extractive, EngineName);
        }
        return new Summary(chosen.Select(k => candidates[k]).ToArray(), SummaryMethod.Extractive, EngineName);
    }

    /// <summary>
    /// Throws <see cref="BatchQueueFullException"/> now when the encoder's queue has no room for the sentences a
    /// summary of <paramref name="text"/> would embed (all taken as eligible): a cheap early answer under overload.
    /// </summary>
    public void ThrowIfBusy(string text, IReadOnlyList<Sentence> sentences) => encoder.ThrowIfFull(SentencesToEmbed(text, sentences).Count);

    /// <summary>The sentences a summary chooses from, which are the sentences it embeds: the candidates (see the class remarks).</summary>
    /// <param name="eligible">Which sentences may be used; null for all.</param>
    public static List<string> SentencesToEmbed(string text, IReadOnlyList<Sentence> sentences, IReadOnlyList<bool>? eligible = null) =>
        Choosable(text, sentences, eligible).Candidates;

    /// <summary>
    /// The sentences a summary may use (eligible ones, the first without its wire dateline), and among them the
    /// candidates, the prose the summarizer ranks.
    /// </summary>
    private static (List<string> Allowed, List<string> Candidates) Choosable(string text, IReadOnlyList<Sentence> sentences, IReadOnlyList<bool>? eligible)
    {
        var allowed = new List<string>();
        var candidates = new List<string>();
        for (var i = 0; i < sentences.Count; i++)
        {
            if (eligible is not null && !eligible[i])
            {
                continue;
            }
            var sentence = sentences[i].TextOf(text);
            if (i == 0)
            {
                sentence = sentence[Dateline.Length(sentence)..];
            }
            allowed.Add(sentence);
            if (IsCandidate(sentence))
            {
                candidates.Add(sentence);
            }
        }
        return (allowed, candidates);
    }

    /// <summary>
    /// The summary of a text with no prose to rank (titles, lists, tables, or hostile input): its first sentences
    /// while they fit, the first cut at the word limit if it alone is too long. No model runs: embedding text that is
    /// not prose would cost up to a token a character and tell nothing.
    /// </summary>
    private static Summary Lead(List<string> allowed, SummaryLimits limits)
    {
        var chosen = new List<string>();
        var words = 0;
        foreach (var sentence in allowed)
        {
            var count = WordCounter.Count(sentence);
            if (count == 0)
            {
                continue;
            }
            if (chosen.Count == limits.MaxSentences || words + count > limits.MaxWords)
            {
                if (chosen.Count == 0)
                {
                    chosen.Add(WordCounter.Truncate(sentence, limits.MaxWords));
                }
                break;
            }
            chosen.Add(sentence);
            words += count;
        }
        return new Summary(chosen, SummaryMethod.Extractive, LeadEngineName);
    }

    // Titles, datelines and captions carry no final punctuation; they make poor summary sentences, as do questions.
    // A "sentence" of more than MaxCandidateWords is a list or a table, not prose: no summary limit takes it whole.
    private static bool IsCandidate(ReadOnlySpan<char> sentence)
    {
        var trimmed = sentence.TrimEnd(ClosingMarks);
        return trimmed.Length > 0 && trimmed[^1] is '.' or '!' or '…' && WordCounter.Count(sentence) is >= 6 and <= MaxCandidateWords;
    }

    private const int MaxCandidateWords = 200;

    // The sentence's word trigrams: lower case, words as runs of letters and digits.
    private static HashSet<string> WordTrigrams(string sentence)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= sentence.Length; i++)
        {
            var inWord = i < sentence.Length && char.IsLetterOrDigit(sentence[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                words.Add(sentence[start..i].ToLowerInvariant());
                start = -1;
            }
        }
        var trigrams = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 2 < words.Count; i++)
        {
            trigrams.Add($"{words[i]} {words[i + 1]} {words[i + 2]}");
        }
        return trigrams;
    }

    private const string ClosingMarks = "\"'”’)»] ";

    private static bool OpensWithQuote(ReadOnlySpan<char> sentence) =>
        sentence.TrimStart() is [ '"' or '“' or '\'' or '‘' or '«', ..];
}

/// <summary>Settings of <see cref="ExtractiveSummarizer"/> (configuration section "Processing:Extractive").</summary>
public sealed class ExtractiveSummarizerOptions
{
    /// <summary>Candidate rank (0 = first) at which the lead prior has fallen to half.</summary>
    public double LeadHalfLife { get; set; } = 4.0;

    /// <summary>Weight of centrality (cosine to the document's mean embedding, about 0.3 to 0.9) against the lead prior (1 to 0).</summary>
    public double CentralityWeight { get; set; } = 0.2;

    /// <summary>Relevance taken off a sentence that opens with a quotation mark.</summary>
    public double QuotePenalty { get; set; } = 0.2;

    /// <summary>Exponent of a sentence's word count in its value: 0 ignores length, 1 values each word alike.</summary>
    public double LengthExponent { get; set; } = 1.2;

    /// <summary>Two sentences more similar than this (cosine) are near duplicates; a summary keeps one.</summary>
    public double DuplicateSimilarity { get; set; } = 0.9;

    /// <summary>
    /// Two sentences that share a word trigram are not both chosen (trigram blocking, as in Paulus et al. 2018 and
    /// BertSum): it catches restatements that embeddings score below <see cref="DuplicateSimilarity"/>.
    /// </summary>
    public bool TrigramBlocking { get; set; } = true;

    /// <summary>How many of the most valuable candidates the exact search covers (2^SearchPool subsets at most).</summary>
    public int SearchPool { get; set; } = 12;
}
