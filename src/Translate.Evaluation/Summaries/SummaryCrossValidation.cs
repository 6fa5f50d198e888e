using Translate.Core.Summarization;
using Translate.Evaluation.Statistics;

namespace Translate.Evaluation.Summaries;

/// <summary>One fold: the word limit chosen on the other folds, and the summarizer less LEAD-3 on this fold's articles.</summary>
/// <param name="Rouge1">Mean ROUGE-1 F difference from LEAD-3 on the fold's articles (so for ROUGE-2 and ROUGE-Lsum).</param>
public sealed record FoldScores(int Fold, int Articles, SummaryLimits Chosen, double Rouge1, double Rouge2, double RougeLsum);

/// <summary>What <see cref="SummaryCrossValidator"/> measured.</summary>
/// <param name="Candidates">The limits chosen among, in order of preference.</param>
/// <param name="ChosenOnAll">The limits the same rule chooses on all the articles: what a default set from them would be.</param>
/// <param name="Summarizer">Each article scored by the limits chosen without it (out of fold).</param>
/// <param name="VersusLead">The out-of-fold summarizer less LEAD-3, with paired-bootstrap intervals.</param>
/// <param name="EachCandidate">Each candidate's scores on all the articles, in the order of <paramref name="Candidates"/>: in-sample for the one a default was chosen by.</param>
public sealed record CrossValidatedEvaluation(
    int Articles,
    TimeSpan Elapsed,
    IReadOnlyList<SummaryLimits> Candidates,
    IReadOnlyList<FoldScores> Folds,
    SummaryLimits ChosenOnAll,
    SystemScores Summarizer,
    SystemScores Lead,
    RougeComparison VersusLead,
    IReadOnlyList<SystemScores> EachCandidate);
