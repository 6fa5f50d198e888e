using Translate.Evaluation.Metrics;

namespace Translate.Evaluation.Summaries;

/// <summary>One system's ROUGE F averaged over the articles, with its summaries' average length in words.</summary>
public sealed record SystemScores(string System, double Rouge1, double Rouge2, double RougeLsum, double Words);

/// <summary>One article's scores: the summarizer's, the length of its summary, and LEAD-3's.</summary>
public sealed record ArticleScores(string Id, RougeScores Summarizer, int SummaryWords, RougeScores Lead);

/// <summary>What <see cref="SummaryEvaluator"/> measured.</summary>
/// <param name="Elapsed">Time spent summarizing and scoring the articles.</param>
/// <param name="Summarizer">The service's summaries; the system is named for the first summary's method and engine.</param>
/// <param name="VersusLead">The summarizer less LEAD-3, with paired-bootstrap intervals.</param>
public sealed record SummaryEvaluation(
    int Articles,
    TimeSpan Elapsed,
    SystemScores Summarizer,
    SystemScores Lead,
    RougeComparison VersusLead,
    IReadOnlyList<ArticleScores> PerArticle);
