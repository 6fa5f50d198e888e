namespace Translate.Evaluation.Metrics;

/// <summary>Precision, recall and F1 of one ROUGE measure, each in [0, 1].</summary>
public readonly record struct RougeScore(double Precision, double Recall, double F)
{
    public static RougeScore Zero { get; } = new(0, 0, 0);

    public static RougeScore Of(double precision, double recall) =>
        new(precision, recall, precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0);
}

/// <summary>ROUGE-1, ROUGE-2, ROUGE-L (sentence level) and ROUGE-Lsum (summary level) of one prediction.</summary>
public readonly record struct RougeScores(RougeScore Rouge1, RougeScore Rouge2, RougeScore RougeL, RougeScore RougeLsum);

/// <summary>
/// ROUGE (Lin, 2004) as google-research's rouge-score computes it, which replicates ROUGE-1.5.5
/// (<c>-n 2</c>, with <c>-m</c> when stemming): n-gram overlap with clipped counts, LCS over the whole text for
/// ROUGE-L, and for ROUGE-Lsum the union LCS of each reference sentence against every predicted sentence, with
/// each token counted at most as often as it occurs on both sides. Sentences are the lines of the text.
/// </summary>
public sealed class RougeScorer(RougeTokenizer tokenizer)
{
    public static RougeScorer Default { get; } = new(RougeTokenizer.Stemming);

    public RougeTokenizer Tokenizer { get; } = tokenizer;

    public RougeScores Score(string target, string prediction)
    {
        var targetTokens = Tokenizer.Tokenize(target);
        var predictionTokens = Tokenizer.Tokenize(prediction);
        return new RougeScores(
            RougeN(targetTokens, predictionTokens, 1),
            RougeN(targetTokens, predictionTokens, 2),
            RougeL(targetTokens, predictionTokens),
            RougeLsum(Lines(target), Lines(prediction)));
    }

    /// <summary>ROUGE-Lsum of texts given one sentence a line.</summary>
    public RougeScore RougeLsum(string target, string prediction) => RougeLsum(Lines(target), Lines(prediction));

    private IReadOnlyList<IReadOnlyList<string>> Lines(string text) =>
        text.Split('\n').Where(line => line.Length > 0).Select(Tokenizer.Tokenize).ToArray();

    public static RougeScore RougeN(IReadOnlyList<string> target, IReadOnlyList<string> prediction, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var targetGrams = NGrams(target, n);
        var predictionGrams = NGrams(prediction, n);
        var overlap = 0;
        foreach (var (gram, count) in targetGrams)
        {
            overlap += Math.Min(count, predictionGrams.GetValueOrDefault(gram));
        }
        var targetCount = Math.Max(target.Count - n + 1, 0);
        var predictionCount = Math.Max(prediction.Count - n + 1, 0);
        return RougeScore.Of((double)overlap / Math.Max(predictionCount, 1), (double)overlap / Math.Max(targetCount, 1));
    }

    public static RougeScore RougeL(IReadOnlyList<string> target, IReadOnlyList<string> prediction)
    {
        if (target.Count == 0 || prediction.Count == 0)
        {
            return RougeScore.Zero;
        }
        var lcs = LcsTable(target, prediction)[target.Count, prediction.Count];
        return RougeScore.Of((double)lcs / prediction.Count, (double)lcs / target.Count);
    }

    /// <summary>Summary-level LCS, section 3.2 of the ROUGE paper, with ROUGE-1.5.5's guard against double counting.</summary>
    public static RougeScore RougeLsum(IReadOnlyList<IReadOnlyList<string>> target, IReadOnlyList<IReadOnlyList<string>> prediction)
    {
        var targetLength = target.Sum(sentence => sentence.Count);
        var predictionLength = prediction.Sum(sentence => sentence.Count);
        if (targetLength == 0 || predictionLength == 0)
        {
            return RougeScore.Zero;
        }
        var targetCounts = Counts(target);
        var predictionCounts = Counts(prediction);
        var hits = 0;
        foreach (var reference in target)
        {
            var union = new SortedSet<int>();
            foreach (var candidate in prediction)
            {
                union.UnionWith(LcsIndices(reference, candidate));
            }
            foreach (var index in union)
            {
                var token = reference[index];
                if (targetCounts.GetValueOrDefault(token) > 0 && predictionCounts.GetValueOrDefault(token) > 0)
                {
                    hits++;
                    targetCounts[token]--;
                    predictionCounts[token]--;
                }
            }
        }
        return RougeScore.Of((double)hits / predictionLength, (double)hits / targetLength);
    }

    private static Dictionary<string, int> Counts(IReadOnlyList<IReadOnlyList<string>> sentences)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in sentences.SelectMany(sentence => sentence))
        {
            counts[token] = counts.GetValueOrDefault(token) + 1;
        }
        return counts;
    }

    private static Dictionary<string, int> NGrams(IReadOnlyList<string> tokens, int n)
    {
        var grams = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + n <= tokens.Count; i++)
        {
            // Tokens are [a-z0-9]+, so a space cannot occur inside one and joins them unambiguously.
            var gram = n == 1 ? tokens[i] : string.Join(' ', tokens.Skip(i).Take(n));
            grams[gram] = grams.GetValueOrDefault(gram) + 1;
        }
        return grams;
    }

    private static int[,] LcsTable(IReadOnlyList<string> reference, IReadOnlyList<string> candidate)
    {
        var table = new int[reference.Count + 1, candidate.Count + 1];
        for (var i = 1; i <= reference.Count; i++)
        {
            for (var j = 1; j <= candidate.Count; j++)
            {
                table[i, j] = string.Equals(reference[i - 1], candidate[j - 1], StringComparison.Ordinal)
                    ? table[i - 1, j - 1] + 1
                    : Math.Max(table[i - 1, j], table[i, j - 1]);
            }
        }
        return table;
    }

    /// <summary>Indices into <paramref name="reference"/> of one LCS, read back as rouge-score does, since the union depends on which one.</summary>
    private static List<int> LcsIndices(IReadOnlyList<string> reference, IReadOnlyList<string> candidate)
    {
        var table = LcsTable(reference, candidate);
        var indices = new List<int>();
        var i = reference.Count;
        var j = candidate.Count;
        while (i > 0 && j > 0)
        {
            if (string.Equals(reference[i - 1], candidate[j - 1], StringComparison.Ordinal))
            {
                indices.Add(i - 1);
                i--;
                j--;
            }
            else if (table[i, j - 1] > table[i - 1, j])
            {
                j--;
            }
            else
            {
                i--;
            }
        }
        return indices;
    }
}
