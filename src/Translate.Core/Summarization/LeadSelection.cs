namespace Translate.Core.Summarization;

/// <summary>
/// Picks a summary's sentences lead first: candidates in document order, each taken when it fits the words left
/// and restates none already taken, until the sentence limit. A sentence too long for the words left is passed
/// over for the next one that fits, so a long third sentence costs the summary one sentence, not the rest.
/// </summary>
internal static class LeadSelection
{
    /// <param name="words">Each candidate's length in words, in document order.</param>
    /// <param name="restates">Whether two candidates say the same (a summary keeps the first).</param>
    /// <returns>The chosen candidates in ascending order; empty when no candidate fits the word limit.</returns>
    public static List<int> Select(IReadOnlyList<int> words, Func<int, int, bool> restates, SummaryLimits limits)
    {
        var chosen = new List<int>(limits.MaxSentences);
        var used = 0;
        for (var k = 0; k < words.Count && chosen.Count < limits.MaxSentences; k++)
        {
            if (used + words[k] <= limits.MaxWords && !chosen.Exists(c => restates(c, k)))
            {
                chosen.Add(k);
                used += words[k];
            }
        }
        return chosen;
    }
}
