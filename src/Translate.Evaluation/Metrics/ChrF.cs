using System.Text;

namespace Translate.Evaluation.Metrics;

/// <summary>
/// chrF (Popović, 2015) as sacreBLEU computes it: character n-grams of orders 1..<see cref="CharOrder"/> over the
/// text with all white space removed, statistics summed over the corpus, precision and recall averaged over the
/// orders both sides have (sacreBLEU ≥ 2 default), then F-beta. <see cref="EpsilonSmoothing"/> gives the
/// chrF++.py variant (F-beta per order, zero orders smoothed, averaged over all orders).
/// </summary>
public sealed class ChrF(int charOrder = 6, double beta = 2, bool epsilonSmoothing = false)
{
    public int CharOrder { get; } = charOrder;

    public double Beta { get; } = beta;

    public bool EpsilonSmoothing { get; } = epsilonSmoothing;

    /// <summary>Corpus score (0..100) of hypotheses against one reference each.</summary>
    public double Corpus(IReadOnlyList<string> hypotheses, IReadOnlyList<string> references)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(hypotheses.Count, references.Count, nameof(references));
        var statistics = new long[CharOrder * 3];
        for (var i = 0; i < hypotheses.Count; i++)
        {
            Accumulate(hypotheses[i], references[i], statistics);
        }
        return Score(statistics);
    }

    /// <summary>Score (0..100) of one hypothesis against one reference.</summary>
    public double Sentence(string hypothesis, string reference) => Corpus([hypothesis], [reference]);

    private void Accumulate(string hypothesis, string reference, long[] statistics)
    {
        var hyp = CodePointsWithoutWhiteSpace(hypothesis);
        var refs = CodePointsWithoutWhiteSpace(reference);
        for (var n = 1; n <= CharOrder; n++)
        {
            var hypGrams = Count(hyp, n);
            var refGrams = Count(refs, n);
            long matches = 0;
            foreach (var (gram, count) in hypGrams)
            {
                if (refGrams.TryGetValue(gram, out var refCount))
                {
                    matches += Math.Min(count, refCount);
                }
            }
            statistics[(n - 1) * 3] += Math.Max(0, hyp.Length - n + 1);
            statistics[(n - 1) * 3 + 1] += Math.Max(0, refs.Length - n + 1);
            statistics[(n - 1) * 3 + 2] += matches;
        }
    }

    private double Score(long[] statistics)
    {
        const double Epsilon = 1e-16;
        var factor = Beta * Beta;
        if (EpsilonSmoothing)
        {
            var total = 0.0;
            for (var n = 0; n < CharOrder; n++)
            {
                var (hyp, refs, match) = (statistics[n * 3], statistics[n * 3 + 1], statistics[n * 3 + 2]);
                var precision = hyp > 0 ? (double)match / hyp : Epsilon;
                var recall = refs > 0 ? (double)match / refs : Epsilon;
                var denominator = factor * precision + recall;
                total += denominator > 0 ? (1 + factor) * precision * recall / denominator : Epsilon;
            }
            return 100 * total / CharOrder;
        }

        double averagePrecision = 0, averageRecall = 0;
        var effectiveOrder = 0;
        for (var n = 0; n < CharOrder; n++)
        {
            var (hyp, refs, match) = (statistics[n * 3], statistics[n * 3 + 1], statistics[n * 3 + 2]);
            if (hyp > 0 && refs > 0)
            {
                averagePrecision += (double)match / hyp;
                averageRecall += (double)match / refs;
                effectiveOrder++;
            }
        }
        if (effectiveOrder == 0)
        {
            return 0;
        }
        averagePrecision /= effectiveOrder;
        averageRecall /= effectiveOrder;
        var sum = factor * averagePrecision + averageRecall;
        return sum > 0 ? 100 * (1 + factor) * averagePrecision * averageRecall / sum : 0;
    }

    private static string[] CodePointsWithoutWhiteSpace(string text)
    {
        var codePoints = new List<string>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (!Rune.IsWhiteSpace(rune))
            {
                codePoints.Add(rune.ToString());
            }
        }
        return [.. codePoints];
    }

    private static Dictionary<string, int> Count(string[] codePoints, int n)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + n <= codePoints.Length; i++)
        {
            var gram = string.Concat(codePoints.AsSpan(i, n));
            counts[gram] = counts.GetValueOrDefault(gram) + 1;
        }
        return counts;
    }
}
