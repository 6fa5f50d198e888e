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
/// `translate eval summarize FILE.jsonl`: prints the ROUGE scores of <see cref="SummaryEvaluator"/>, the service's
/// summaries next to LEAD-3, as a table or as one JSON object.
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
        var command = new Command("summarize", "ROUGE-1/2/Lsum F of the summarizer and of LEAD-3 on articles with reference summaries.")
        {
            file, maxWords, maxSentences, perArticle, json,
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
            Action<ArticleScores>? printArticle = parseResult.GetValue(perArticle) && !asJson ? article => PrintArticle(output, article) : null;
            SummaryEvaluation evaluation;
            try
            {
                evaluation = await new SummaryEvaluator(runtime.Processor).EvaluateAsync(examples, options, printArticle, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDocumentException exception)
            {
                await error.WriteLineAsync($"translate eval summarize: {exception.Message}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
            if (asJson)
            {
                PrintJson(output, evaluation);
            }
            else
            {
                PrintTable(output, evaluation);
            }
            return ExitCodes.Success;
        });
        return command;
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
        static string Points(ScoreDifference d) => string.Create(CultureInfo.InvariantCulture, $"{100 * d.Mean:+0.00;-0.00} [{100 * d.Low:+0.0;-0.0}, {100 * d.High:+0.0;-0.0}]");
        output.WriteLine($"{"summarizer less LEAD-3, 95% interval *",-44} {Points(versusLead.Rouge1)} / {Points(versusLead.Rouge2)} / {Points(versusLead.RougeLsum)}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"* paired bootstrap, {PairedBootstrap.DefaultResamples:N0} resamples of the articles; below LEAD-3 in {100 * versusLead.Rouge1.ShareBelowZero:0.#}% / {100 * versusLead.Rouge2.ShareBelowZero:0.#}% / {100 * versusLead.RougeLsum.ShareBelowZero:0.#}% of them"));
    }

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
        static object Figures(ScoreDifference d) => new
        {
            mean = Math.Round(100 * d.Mean, 2),
            low = Math.Round(100 * d.Low, 2),
            high = Math.Round(100 * d.High, 2),
            share_below_zero = Math.Round(d.ShareBelowZero, 4),
        };
        var versusLead = evaluation.VersusLead;
        var difference = new { rouge1 = Figures(versusLead.Rouge1), rouge2 = Figures(versusLead.Rouge2), rouge_lsum = Figures(versusLead.RougeLsum) };
        output.WriteLine(JsonSerializer.Serialize(
            new { articles = evaluation.Articles, seconds = Math.Round(evaluation.Elapsed.TotalSeconds, 1), systems = rows, difference_from_lead3 = difference },
            CliJson.Options));
    }
}
