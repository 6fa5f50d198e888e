using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Translate.Cli.Internal;
using Translate.Core.Processing;
using Translate.Core.Summarization;
using Translate.Evaluation.Statistics;
using Translate.Evaluation.Summaries;

namespace Translate.Cli.Commands.Eval;

/// <summary>
/// `translate eval summarize FILE.jsonl`: scores the service's summaries against reference highlights with ROUGE
/// (rouge-score's settings: Porter stemming, ROUGE-Lsum over sentences a line), next to LEAD-3 computed in the
/// same run on the same sentence splitter, so the two are comparable.
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
            var path = parseResult.GetRequiredValue(file);
            IReadOnlyList<SummaryExample> examples;
            try
            {
                using var reader = new StreamReader(path.FullName);
                examples = SummaryExample.ReadJsonLines(reader);
            }
            catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"translate eval summarize: cannot read '{path}': {exception.Message}").ConfigureAwait(false);
                return 2;
            }
            using var runtime = ConfiguredRuntime.Load(parseResult);
            if (runtime is null)
            {
                return 2;
            }
            var options = new ProcessingRequestOptions(MaxWords: parseResult.GetValue(maxWords), MaxSentences: parseResult.GetValue(maxSentences));
            return await RunAsync(new DocumentProcessor(runtime), examples, options, parseResult.GetValue(perArticle), parseResult.GetValue(json), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(DocumentProcessor processor, IReadOnlyList<SummaryExample> examples, ProcessingRequestOptions options, bool perArticle, bool json, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string? engine = null;
        var ours = new RougeAverage("summarizer");
        var lead = new RougeAverage("LEAD-3");
        foreach (var example in examples)
        {
            DocumentResult result;
            try
            {
                result = await processor.SummarizeAsync(new DocumentRequest(example.Id, example.Article), options, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDocumentException exception)
            {
                await Console.Error.WriteLineAsync($"translate eval summarize: {example.Id}: {exception.Message}").ConfigureAwait(false);
                return 2;
            }
            var summary = result.Summary!;
            engine ??= $"{summary.Method.ToString().ToLowerInvariant()} ({summary.Engine})";
            var oursScores = ours.Add(summary.Sentences, example.Reference);
            var leadScores = lead.Add(LeadBaseline.Summarize(example.Article), example.Reference);
            if (perArticle && !json)
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{example.Id,-50} ours {100 * oursScores.Rouge1.F,5:0.0} {100 * oursScores.Rouge2.F,5:0.0} {100 * oursScores.RougeLsum.F,5:0.0} {summary.WordCount,3}w   " +
                    $"lead {100 * leadScores.Rouge1.F,5:0.0} {100 * leadScores.Rouge2.F,5:0.0} {100 * leadScores.RougeLsum.F,5:0.0}"));
            }
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var versusLead = ours.CompareWith(lead);
        if (json)
        {
            var rows = new[] { ours, lead }.Select(row => new
            {
                system = row == ours ? engine : row.System,
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
            var difference = new { rouge1 = Figures(versusLead.Rouge1), rouge2 = Figures(versusLead.Rouge2), rouge_lsum = Figures(versusLead.RougeLsum) };
            Console.Out.WriteLine(JsonSerializer.Serialize(new { articles = examples.Count, seconds = Math.Round(seconds, 1), systems = rows, difference_from_lead3 = difference }, CliJson.Options));
            return 0;
        }
        Console.Out.WriteLine($"{examples.Count} articles, {seconds:0.0} s; ROUGE F (rouge-score settings: Porter stemming, ROUGE-Lsum over sentences a line), averaged over articles");
        Console.Out.WriteLine($"{"system",-44} {"ROUGE-1",8} {"ROUGE-2",8} {"ROUGE-Lsum",10} {"words",6}");
        foreach (var (name, row) in new[] { (engine ?? ours.System, ours), (lead.System, lead) })
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-44} {100 * row.Rouge1,8:0.00} {100 * row.Rouge2,8:0.00} {100 * row.RougeLsum,10:0.00} {row.Words,6:0.0}"));
        }
        static string Points(ScoreDifference d) => string.Create(CultureInfo.InvariantCulture, $"{100 * d.Mean:+0.00;-0.00} [{100 * d.Low:+0.0;-0.0}, {100 * d.High:+0.0;-0.0}]");
        Console.Out.WriteLine($"{"summarizer less LEAD-3, 95% interval *",-44} {Points(versusLead.Rouge1)} / {Points(versusLead.Rouge2)} / {Points(versusLead.RougeLsum)}");
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"* paired bootstrap, {PairedBootstrap.DefaultResamples:N0} resamples of the articles; below LEAD-3 in {100 * versusLead.Rouge1.ShareBelowZero:0.#}% / {100 * versusLead.Rouge2.ShareBelowZero:0.#}% / {100 * versusLead.RougeLsum.ShareBelowZero:0.#}% of them"));
        return 0;
    }
}
