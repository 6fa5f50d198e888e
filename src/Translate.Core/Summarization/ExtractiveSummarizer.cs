using System.Numerics.Tensors;
using Translate.Core.Inference.Batching;
using Translate.Core.Models;
using Translate.Core.Text;

namespace Translate.Core.Summarization;

/// <summary>
/// Extractive summary, lead first. News puts the essential first, which is why LEAD-3 (the first three sentences)
/// is so hard to beat on CNN/DailyMail: the best unsupervised methods pass it by under half a point of ROUGE-1
/// (PacSum, Zheng and Lapata, 2019). So the summary is the lead, made clean:
/// <list type="number">
/// <item>Candidates are prose sentences (final punctuation, six words or more) in the target language, not
/// questions (they announce rather than tell): bylines, captions, titles and teasers are passed over; the opening
/// wire dateline ("(CNN)") is cut.</item>
/// <item>The candidates are taken in document order while they fit the limits (<see cref="LeadSelection"/>),
/// passing over a sentence that restates one already taken: MiniLM embeddings closer than
/// <c>DuplicateSimilarity</c> (cosine), or a shared word trigram (trigram blocking).</item>
/// </list>
/// Sentences are kept verbatim and in document order. Sentence embeddings were also tried to swap a lead sentence
/// for a later one (by centrality, or by closeness to the first sentence); cross-validated on the dev articles they
/// did not beat the plain lead, so they are not used (docs/SUMMARIES.md).
/// </summary>
public sealed class ExtractiveSummarizer(SentenceEncoder encoder, ExtractiveSummarizerOptions options)
{
    public const string EngineName = EmbeddedMiniLm.Name + ":lead";

    /// <summary>The engine of a summary of a text with no prose sentence: its lead, no model.</summary>
    public const string LeadEngineName = "rules:lead";

    /// <param name="eligible">Which sentences may be used (for example, not those in another language); null for all.</param>
    public async Task<Summary> SummarizeAsync(string text, IReadOnlyList<Sentence> sentences, SummaryLimits limits, IReadOnlyList<bool>? eligible = null, CancellationToken cancellationToken = default) =>
        (await SummarizeAsync(text, sentences, [limits], eligible, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>
    /// One summary for each of <paramref name="limits"/>, the sentences embedded once (how an evaluation compares
    /// word limits without paying for the encoder each time).
    /// </summary>
    /// <param name="eligible">Which sentences may be used; null for all.</param>
    public async Task<IReadOnlyList<Summary>> SummarizeAsync(string text, IReadOnlyList<Sentence> sentences, IReadOnlyList<SummaryLimits> limits, IReadOnlyList<bool>? eligible = null, CancellationToken cancellationToken = default)
    {
        foreach (var limit in limits)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(limit.MaxWords, 1);
            ArgumentOutOfRangeException.ThrowIfLessThan(limit.MaxSentences, 1);
        }
        var (allowed, candidates) = Choosable(text, sentences, eligible);
        if (candidates.Count == 0)
        {
            return [.. limits.Select(limit => Lead(allowed, limit))];
        }

        var words = candidates.Select(WordCounter.Count).ToArray();
        var trigrams = options.TrigramBlocking ? candidates.Select(WordTrigrams).ToArray() : null;
        // The lead is chosen from the first candidates: only those the selection reaches are embedded, so a summary
        // costs a few sentences of the model however long the document is. Embeddings do not depend on their batch,
        // so the choice is the one all embeddings would give. First embedded: as many as the longest summary takes and
        // one more, for a sentence passed over (no summary of the 40 repair dev documents reached further); more, doubling, only
        // when the selection reaches past them.
        var wanted = Math.Min(candidates.Count, limits.Max(limit => limit.MaxSentences) + 1);
        var embeddings = new List<float[]>(wanted);
        while (true)
        {
            if (wanted > embeddings.Count)
            {
                embeddings.AddRange(await encoder.EmbedAsync(candidates[embeddings.Count..wanted], cancellationToken).ConfigureAwait(false));
            }
            var reachedTheEnd = false;
            bool Restates(int a, int b)
            {
                if (Math.Max(a, b) >= embeddings.Count)
                {
                    reachedTheEnd = true;
                    return false; // this selection is discarded: more candidates are embedded and it runs again
                }
                return TensorPrimitives.Dot(embeddings[a], embeddings[b]) > options.DuplicateSimilarity
                    || (trigrams is not null && trigrams[a].Overlaps(trigrams[b]));
            }
            var choices = limits.Select(limit => LeadSelection.Select(words, Restates, limit)).ToArray();
            if (!reachedTheEnd)
            {
                return [.. limits.Select((limit, i) => new Summary(
                    // Every sentence is longer than the word limit: the first one, cut at the limit.
                    choices[i].Count == 0 ? [WordCounter.Truncate(candidates[0], limit.MaxWords)] : [.. choices[i].Select(k => candidates[k])],
                    SummaryMethod.Extractive,
                    EngineName))];
            }
            wanted = Math.Min(candidates.Count, embeddings.Count * 2);
        }
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

    /// <summary>
    /// Throws <see cref="BatchQueueFullException"/> now when the encoder's queue has no room for the sentences a
    /// summary of <paramref name="text"/> would embed (all taken as eligible): a cheap early answer under overload.
    /// </summary>
    public void ThrowIfBusy(string text, IReadOnlyList<Sentence> sentences) => encoder.ThrowIfFull(SentencesToEmbed(text, sentences).Count);

    /// <summary>The sentences a summary chooses from, which are the sentences it may embed: the candidates (see the class remarks).</summary>
    /// <param name="eligible">Which sentences may be used; null for all.</param>
    public static List<string> SentencesToEmbed(string text, IReadOnlyList<Sentence> sentences, IReadOnlyList<bool>? eligible = null) =>
        Choosable(text, sentences, eligible).Candidates;

    /// <summary>
    /// The sentences a summary may use (eligible ones, the first without its wire dateline), and among them the
    /// candidates, the prose the summarizer chooses from.
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
}

/// <summary>Settings of <see cref="ExtractiveSummarizer"/> (configuration section "Processing:Extractive").</summary>
public sealed class ExtractiveSummarizerOptions
{
    /// <summary>Two sentences more similar than this (cosine of their MiniLM embeddings) say the same; a summary keeps the first.</summary>
    public double DuplicateSimilarity { get; set; } = 0.9;

    /// <summary>
    /// Two sentences that share a word trigram are not both chosen (trigram blocking, as in Paulus et al. 2018 and
    /// BertSum): it catches restatements that embeddings score below <see cref="DuplicateSimilarity"/>.
    /// </summary>
    public bool TrigramBlocking { get; set; } = true;
}
