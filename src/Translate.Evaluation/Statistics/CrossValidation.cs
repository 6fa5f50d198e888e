namespace Translate.Evaluation.Statistics;

/// <summary>Which setting the rule chose on one fold's training articles, and which articles it was then scored on.</summary>
/// <param name="HeldOut">The fold's articles, by index; the setting was chosen on all the others.</param>
public sealed record FoldChoice(int Fold, int Setting, IReadOnlyList<int> HeldOut);

/// <summary>
/// k-fold cross-validation of a choice among a few settings: on each fold the setting is chosen on the other folds'
/// articles and scored on the fold's own, so no article is scored by a setting chosen on it. Article i is in fold
/// i mod k (the file's order interleaved, so every fold spans the file). The choice follows the one-standard-error
/// rule (Breiman et al., 1984; Hastie, Tibshirani and Friedman, The Elements of Statistical Learning, 7.10): the
/// first setting, in the caller's order of preference, whose mean is within one standard error of the best mean
/// (the error of their paired per-article difference). Among settings that a few dozen articles cannot tell
/// apart, the preferred one is kept rather than the one that won by chance.
/// </summary>
public static class CrossValidation
{
    public const int DefaultFolds = 5;

    /// <param name="scores">Each setting's score on each article (higher is better), settings in order of preference.</param>
    /// <returns>The choice on each fold, in fold order.</returns>
    public static IReadOnlyList<FoldChoice> Run(IReadOnlyList<IReadOnlyList<double>> scores, int folds = DefaultFolds)
    {
        ArgumentOutOfRangeException.ThrowIfZero(scores.Count);
        var articles = scores[0].Count;
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(folds, articles);
        var choices = new List<FoldChoice>(folds);
        for (var fold = 0; fold < folds; fold++)
        {
            var heldOut = Enumerable.Range(0, articles).Where(i => i % folds == fold).ToArray();
            var training = Enumerable.Range(0, articles).Where(i => i % folds != fold).ToArray();
            choices.Add(new FoldChoice(fold, Choose(scores, training), heldOut));
        }
        return choices;
    }

    /// <summary>The setting the one-standard-error rule chooses on <paramref name="articles"/>.</summary>
    /// <param name="scores">Each setting's score on each article, settings in order of preference.</param>
    public static int Choose(IReadOnlyList<IReadOnlyList<double>> scores, IReadOnlyList<int> articles)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(articles.Count, 2);
        double Mean(int setting) => articles.Average(i => scores[setting][i]);
        var best = Enumerable.Range(0, scores.Count).MaxBy(Mean);
        for (var setting = 0; setting < scores.Count; setting++)
        {
            var differences = articles.Select(i => scores[setting][i] - scores[best][i]).ToArray();
            var mean = differences.Average();
            var variance = differences.Sum(d => (d - mean) * (d - mean)) / (differences.Length - 1);
            if (mean >= -Math.Sqrt(variance / differences.Length))
            {
                return setting;
            }
        }
        return best;
    }
}
