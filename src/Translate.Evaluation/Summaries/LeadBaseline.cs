using Translate.Core.Text;

namespace Translate.Evaluation.Summaries;

/// <summary>LEAD-k: the first k sentences of the article, the baseline news summarization is measured against.</summary>
public static class LeadBaseline
{
    public static IReadOnlyList<string> Summarize(string article, int sentences = 3) =>
        SentenceSplitter.Default.Split(article).Take(sentences).Select(sentence => sentence.TextOf(article)).ToArray();
}
