namespace Translate.Core.Summarization;

/// <summary>
/// Picks the set of sentences of greatest total value within a summary's word and sentence limits: an exact
/// search (a 0/1 knapsack with a count limit and conflicts) over the most relevant candidates, then, only when
/// the sentence limit is larger than that pool, a greedy fill from the rest. A greedy pick by score alone wastes
/// the word budget: a long first choice can leave no room for the second-best sentence.
/// </summary>
internal static class SentenceSelection
{
    /// <param name="values">What each candidate adds to a summary; candidates of value 0 or less are never added to fill.</param>
    /// <param name="words">Each candidate's length in words.</param>
    /// <param name="conflict">Whether two candidates must not both be chosen (near duplicates).</param>
    /// <param name="poolSize">How many of the most valuable candidates the exact search covers; 2^poolSize subsets at most.</param>
    /// <returns>The chosen candidates in ascending order; empty when no candidate fits the word limit.</returns>
    public static List<int> Select(IReadOnlyList<double> values, IReadOnlyList<int> words, Func<int, int, bool> conflict, SummaryLimits limits, int poolSize)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(words.Count, values.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(poolSize, 1);
        var byValue = Enumerable.Range(0, values.Count)
            .Where(k => words[k] <= limits.MaxWords)
            .OrderByDescending(k => values[k])
            .ThenBy(k => k)
            .ToArray();
        var pool = byValue.Take(poolSize).ToArray();

        var search = new Search(pool, values, words, conflict, limits);
        search.Run(0, 0, 0, 0);
        var chosen = search.Best;

        if (limits.MaxSentences > pool.Length)
        {
            var used = chosen.Sum(k => words[k]);
            foreach (var k in byValue.Skip(pool.Length))
            {
                if (chosen.Count >= limits.MaxSentences || values[k] <= 0)
                {
                    break;
                }
                if (used + words[k] <= limits.MaxWords && !chosen.Any(c => conflict(c, k)))
                {
                    chosen.Add(k);
                    used += words[k];
                }
            }
        }
        chosen.Sort();
        return chosen;
    }

    private sealed class Search(int[] pool, IReadOnlyList<double> values, IReadOnlyList<int> words, Func<int, int, bool> conflict, SummaryLimits limits)
    {
        private readonly List<int> _current = [];
        private double _bestValue = double.NegativeInfinity;

        public List<int> Best { get; private set; } = [];

        public void Run(int next, int count, int usedWords, double value)
        {
            if (count > 0 && value > _bestValue)
            {
                _bestValue = value;
                Best = [.. _current];
            }
            if (count == limits.MaxSentences)
            {
                return;
            }
            for (var p = next; p < pool.Length; p++)
            {
                var k = pool[p];
                if (usedWords + words[k] > limits.MaxWords || _current.Any(c => conflict(c, k)))
                {
                    continue;
                }
                _current.Add(k);
                Run(p + 1, count + 1, usedWords + words[k], value + values[k]);
                _current.RemoveAt(_current.Count - 1);
            }
        }
    }
}
