using Translate.Core.Text;

namespace Translate.Core.Summarization;

/// <summary>A summary: its sentences, verbatim and in document order.</summary>
public sealed record Summary(IReadOnlyList<string> Sentences, SummaryMethod Method, string Engine)
{
    public string Text => string.Join(" ", Sentences);

    public int WordCount => Sentences.Sum(WordCounter.Count);
}

/// <summary>How a summary was written. The server maps it to the contract by name.</summary>
public enum SummaryMethod
{
    Extractive = 1,
    Abstractive = 2,
}
