using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Translate.Cli.Internal;
using Translate.Core.Processing;
using Translate.Core.Summarization;
using Translate.Evaluation.Statistics;
using Translate.Evaluation.Summaries;

namespace Translate.Cli.Commands.Eval;

/// <summary>
/// `translate eval summarize FILE.jsonl`: at the default word limit, the cross-validated ROUGE scores of
/// <see cref="SummaryCrossValidator"/> (the word limit chosen on the other folds, each article scored by a limit
/// chosen without it) next to LEAD-3; with <c>--max-words</c>, <c>--per-article</c> or <c>--folds 0</c>, the scores
/// of <see cref="SummaryEvaluator"/> at fixed limits. A table or one JSON object.
/// </summary>
internal static class EvalSummarizeCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "JSONL, one {\"id\",\"article\",\"reference\"} a line; reference = highlights, one sentence a line." };
        var maxWords = new Option<int?>("--max-words") { Description = $"Summary word limit (default {SummaryLimits.DefaultMaxWords})." };
        var maxSentences = new Option<int?>("--max-sentences") { Description = $"Summary sentence limit (default {SummaryLimits.DefaultMaxSentences})." };
        var perArticle = new Option<bool>("--per-article") { Description = "Also print each article's scores." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        var folds = new Option<int>("--folds") { Description = $"Cross-validation folds over the word limits {string.Join('/', SummaryCrossValidator.WordLimits)} (default {CrossValidation.DefaultFolds}; 0: fixed limits only).", DefaultValueFactory = _ => CrossValidation.DefaultFolds };
        var command = new Command("summarize", "ROUGE-1/2/Lsum F of the summarizer and of LEAD-3 on articles with reference summaries.")
        {
            file, maxWords, maxSentences, perArticle, json, folds,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (output, error) = (parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
            var path = parseResult.GetRequiredValue(file);
            IReadOnlyList<SummaryExample> examples;
            try
            {
                using var reader = new StreamReader(path.FullName);
                examples = SummaryExample.ReadJsonLines(reader);
                if (examples.Count == 0)
                {
                    throw new InvalidDataException("it holds no article.");
                }
            }
            catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"translate eval summarize: cannot read '{path}': {exception.Message}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
            using var runtime = ConfiguredRuntime.Load(parseResult);
            if (runtime is null)
            {
                return ExitCodes.BadInput;
            }
            var options = new ProcessingRequestOptions(MaxWords: parseResult.GetValue(maxWords), MaxSentences: parseResult.GetValue(maxSentences));
            var asJson = parseResult.GetValue(json);
            var foldCount = parseResult.GetValue(folds);
            if (foldCount != 0 && (foldCount < 2 || foldCount > examples.Count))
            {
                await error.WriteLineAsync($"translate eval summarize: --folds {foldCount}: use 2 to {examples.Count} (the articles), or 0 for fixed limits.").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
            if (foldCount > 0 && options.MaxWords is null && !parseResult.GetValue(perArticle))
            {
                return await ReportAsync(
                    () => new SummaryCrossValidator(runtime.Processor).EvaluateAsync(examples, options.MaxSentences ?? SummaryLimits.DefaultMaxSentences, foldCount, cancellationToken: cancellationToken),
                    result => { if (asJson) { PrintJson(output, result); } else { PrintTable(output, result); } },
                    error).ConfigureAwait(false);
            }
            Action<ArticleScores>? printArticle = parseResult.GetValue(perArticle) && !asJson ? article => PrintArticle(output, article) : null;
            return await ReportAsync(
                () => new SummaryEvaluator(runtime.Processor).EvaluateAsync(examples, options, printArticle, cancellationToken),
                result => { if (asJson) { PrintJson(output, result); } else { PrintTable(output, result); } },
                error).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Runs an evaluation and prints it; a document the service refuses ends the command as bad input.</summary>
    private static async Task<int> ReportAsync<T>(Func<Task<T>> evaluate, Action<T> print, TextWriter error)
    {
        T result;
        try
        {
            result = await evaluate().ConfigureAwait(false);
        }
        catch (InvalidDocumentException exception)
        {
            await error.WriteLineAsync($"translate eval summarize: {exception.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        print(result);
        return ExitCodes.Success;
    }

    private static void PrintArticle(TextWriter output, ArticleScores article) => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{article.Id,-50} ours {100 * article.Summarizer.Rouge1.F,5:0.0} {100 * article.Summarizer.Rouge2.F,5:0.0} {100 * article.Summarizer.RougeLsum.F,5:0.0} {article.SummaryWords,3}w   " +
        $"lead {100 * article.Lead.Rouge1.F,5:0.0} {100 * article.Lead.Rouge2.F,5:0.0} {100 * article.Lead.RougeLsum.F,5:0.0}"));

    private static void PrintTable(TextWriter output, SummaryEvaluation evaluation)
    {
        output.WriteLine($"{evaluation.Articles} articles, {evaluation.Elapsed.TotalSeconds:0.0} s; ROUGE F (rouge-score settings: Porter stemming, ROUGE-Lsum over sentences a line), averaged over articles");
        output.WriteLine($"{"system",-44} {"ROUGE-1",8} {"ROUGE-2",8} {"ROUGE-Lsum",10} {"words",6}");
        foreach (var row in new[] { evaluation.Summarizer, evaluation.Lead })
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{row.System,-44} {100 * row.Rouge1,8:0.00} {100 * row.Rouge2,8:0.00} {100 * row.RougeLsum,10:0.00} {row.Words,6:0.0}"));
        }
        var versusLead = evaluation.VersusLead;
        output.WriteLine($"{"summarizer less LEAD-3, 95% interval *",-44} {Points(versusLead.Rouge1)} / {Points(versusLead.Rouge2)} / {Points(versusLead.RougeLsum)}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"* paired bootstrap, {PairedBootstrap.DefaultResamples:N0} resamples of the articles; below LEAD-3 in {100 * versusLead.Rouge1.ShareBelowZero:0.#}% / {100 * versusLead.Rouge2.ShareBelowZero:0.#}% / {100 * versusLead.RougeLsum.ShareBelowZero:0.#}% of them"));
    }

    private static string Points(ScoreDifference d) => string.Create(CultureInfo.InvariantCulture, $"{100 * d.Mean:+0.00;-0.00} [{100 * d.Low:+0.0;-0.0}, {100 * d.High:+0.0;-0.0}]");

    private static void PrintRow(TextWriter output, SystemScores row) => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{row.System,-52} {100 * row.Rouge1,8:0.00} {100 * row.Rouge2,8:0.00} {100 * row.RougeLsum,10:0.00} {row.Words,6:0.0}"));

    private static void PrintTable(TextWriter output, CrossValidatedEvaluation evaluation)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{evaluation.Articles} articles, {evaluation.Elapsed.TotalSeconds:0.0} s; {evaluation.Folds.Count}-fold cross-validation of the word limit among {string.Join(", ", evaluation.Candidates.Select(c => c.MaxWords))} ({evaluation.Candidates[0].MaxSentences} sentences)"));
        output.WriteLine("(article i in fold i mod k; on each fold the limit is chosen on the other folds by the mean of the three ROUGE F, one-standard-error rule, larger limits first)");
        output.WriteLine();
        output.WriteLine($"{"fold",-6} {"articles",8} {"chosen",8}   held-out less LEAD-3: ROUGE-1 / ROUGE-2 / ROUGE-Lsum");
        foreach (var fold in evaluation.Folds)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{fold.Fold + 1,-6} {fold.Articles,8} {fold.Chosen.MaxWords,8}   {100 * fold.Rouge1:+0.00;-0.00} / {100 * fold.Rouge2:+0.00;-0.00} / {100 * fold.RougeLsum:+0.00;-0.00}"));
        }
        output.WriteLine();
        output.WriteLine("out of fold: each article scored by the limit chosen without it");
        output.WriteLine($"{"system",-52} {"ROUGE-1",8} {"ROUGE-2",8} {"ROUGE-Lsum",10} {"words",6}");
        PrintRow(output, evaluation.Summarizer);
        PrintRow(output, evaluation.Lead);
        var versusLead = evaluation.VersusLead;
        output.WriteLine($"{"cross-validated less LEAD-3, 95% interval *",-52} {Points(versusLead.Rouge1)} / {Points(versusLead.Rouge2)} / {Points(versusLead.RougeLsum)}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"* paired bootstrap, {PairedBootstrap.DefaultResamples:N0} resamples of the articles; below LEAD-3 in {100 * versusLead.Rouge1.ShareBelowZero:0.#}% / {100 * versusLead.Rouge2.ShareBelowZero:0.#}% / {100 * versusLead.RougeLsum.ShareBelowZero:0.#}% of them"));
        output.WriteLine();
        output.WriteLine($"chosen on all {evaluation.Articles} articles: {evaluation.ChosenOnAll.MaxWords} words (the service's default: {SummaryLimits.DefaultMaxWords}); each limit on all articles (in-sample):");
        foreach (var row in evaluation.EachCandidate)
        {
            PrintRow(output, row);
        }
    }

    private static void PrintJson(TextWriter output, CrossValidatedEvaluation evaluation)
    {
        static object Row(SystemScores row) => new
        {
            system = row.System,
            rouge1 = Math.Round(100 * row.Rouge1, 2),
            rouge2 = Math.Round(100 * row.Rouge2, 2),
            rouge_lsum = Math.Round(100 * row.RougeLsum, 2),
            words = Math.Round(row.Words, 1),
        };
        var versusLead = evaluation.VersusLead;
        output.WriteLine(JsonSerializer.Serialize(
            new
            {
                articles = evaluation.Articles,
                seconds = Math.Round(evaluation.Elapsed.TotalSeconds, 1),
                candidate_max_words = evaluation.Candidates.Select(c => c.MaxWords),
                max_sentences = evaluation.Candidates[0].MaxSentences,
                folds = evaluation.Folds.Select(f => new
                {
                    fold = f.Fold + 1,
                    articles = f.Articles,
                    chosen_max_words = f.Chosen.MaxWords,
                    rouge1 = Math.Round(100 * f.Rouge1, 2),
                    rouge2 = Math.Round(100 * f.Rouge2, 2),
                    rouge_lsum = Math.Round(100 * f.RougeLsum, 2),
                }),
                chosen_on_all_max_words = evaluation.ChosenOnAll.MaxWords,
                systems = new[] { Row(evaluation.Summarizer), Row(evaluation.Lead) },
                difference_from_lead3 = new { rouge1 = Figures(versusLead.Rouge1), rouge2 = Figures(versusLead.Rouge2), rouge_lsum = Figures(versusLead.RougeLsum) },
                each_candidate_in_sample = evaluation.EachCandidate.Select(Row),
            },
            CliJson.Options));
    }

    private static object Figures(ScoreDifference d) => new
    {
        mean = Math.Round(100 * d.Mean, 2),
        low = Math.Round(100 * d.Low, 2),
        high = Math.Round(100 * d.High, 2),
        share_below_zero = Math.Round(d.ShareBelowZero, 4),
    };

    private static void PrintJson(TextWriter output, SummaryEvaluation evaluation)
    {
        var rows = new[] { evaluation.Summarizer, evaluation.Lead }.Select(row => new
        {
            system = row.System,
            rouge1 = Math.Round(100 * row.Rouge1, 2),
            rouge2 = Math.Round(100 * row.Rouge2, 2),
            rouge_lsum = Math.Round(100 * row.RougeLsum, 2),
            words = Math.Round(row.Words, 1),
        });
        var versusLead = evaluation.VersusLead;
        var difference = new { rouge1 = Figures(versusLead.Rouge1), rouge2 = Figures(versusLead.Rouge2), rouge_lsum = Figures(versusLead.RougeLsum) };
        output.WriteLine(JsonSerializer.Serialize(
            new { articles = evaluation.Articles, seconds = Math.Round(evaluation.Elapsed.TotalSeconds, 1), systems = rows, difference_from_lead3 = difference },
            CliJson.Options));
    }
}
