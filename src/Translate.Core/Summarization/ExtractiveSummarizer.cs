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
        var candidates = SentencesToEmbed(text, sentences, eligible);
        if (candidates.Count == 0)
        {
            return [.. limits.Select(_ => new Summary([], SummaryMethod.Extractive, EngineName))];
        }

        var embeddings = await encoder.EmbedAsync(candidates, cancellationToken).ConfigureAwait(false);
        var words = candidates.Select(WordCounter.Count).ToArray();
        var trigrams = options.TrigramBlocking ? candidates.Select(WordTrigrams).ToArray() : null;
        bool Restates(int a, int b) =>
            TensorPrimitives.Dot(embeddings[a], embeddings[b]) > options.DuplicateSimilarity
            || (trigrams is not null && trigrams[a].Overlaps(trigrams[b]));

        return [.. limits.Select(limit =>
        {
            var chosen = LeadSelection.Select(words, Restates, limit);
            // Every sentence is longer than the word limit: the first one, cut at the limit.
            IReadOnlyList<string> summary = chosen.Count == 0
                ? [WordCounter.Truncate(candidates[0], limit.MaxWords)]
                : [.. chosen.Select(k => candidates[k])];
            return new Summary(summary, SummaryMethod.Extractive, EngineName);
        })];
    }

    /// <summary>
    /// Throws <see cref="BatchQueueFullException"/> now when the encoder's queue has no room for the sentences a
    /// summary of <paramref name="text"/> would embed (all taken as eligible): a cheap early answer under overload.
    /// </summary>
    public void ThrowIfBusy(string text, IReadOnlyList<Sentence> sentences) => encoder.ThrowIfFull(SentencesToEmbed(text, sentences).Count);

    /// <summary>
    /// The sentences a summary chooses from, which are the sentences it embeds: the candidates (see the class
    /// remarks), or every allowed sentence when none is a candidate. The first one loses its wire dateline.
    /// </summary>
    /// <param name="eligible">Which sentences may be used; null for all.</param>
    public static List<string> SentencesToEmbed(string text, IReadOnlyList<Sentence> sentences, IReadOnlyList<bool>? eligible = null)
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
        return candidates.Count == 0 ? allowed : candidates;
    }

    // Titles, datelines and captions carry no final punctuation; they make poor summary sentences, as do questions.
    private static bool IsCandidate(ReadOnlySpan<char> sentence)
    {
        var trimmed = sentence.TrimEnd(ClosingMarks);
        return trimmed.Length > 0 && trimmed[^1] is '.' or '!' or '…' && WordCounter.Count(sentence) >= 6;
    }

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
