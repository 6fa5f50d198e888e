using System.CommandLine;
using Spectre.Console;
using Translate.Cli.Archive;
using Translate.Cli.Archive.Internal;
using Translate.Cli.Archive.Report;
using Translate.Cli.Internal;
using Translate.Core.Hosting;

namespace Translate.Cli.Commands;

/// <summary>
/// `translate batch`: an archive (a JSONL file, or a folder tree of .txt and .html files) through cleanup and
/// summarization, documents in parallel, resumable: each finished document is recorded in a ledger beside the output,
/// a rerun does only what is not done, and the outputs are written from the ledger in input order
/// (docs/ARCHIVE.md). A document that cannot be processed is recorded with its error; nothing is skipped silently.
/// </summary>
internal static class BatchCommand
{
    public const string Name = "batch";

    /// <summary>
    /// Documents in flight in-process when --parallelism is not given: four a core keeps the cores busy with some
    /// documents' CPU work (language identification, cleanup) while others wait on a model's batch or on Apertium
    /// (docs/BENCHMARKS.md, "Archive runs": 8 and 16 in flight on 2 cores within 5% of each other, 4 slower).
    /// </summary>
    public static int InProcessParallelism { get; } = 4 * Environment.ProcessorCount;

    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "A JSONL file, one {\"id\",\"text\",\"source_text\"?} a line; or a folder of .txt, .html and .htm files.", Required = true };
        var output = new Option<string>("--output") { Description = "The JSONL file to write (JSONL input); the folder to mirror the input into, with results.jsonl (folder input).", Required = true };
        var parallelism = new Option<int?>("--parallelism") { Description = $"Documents processed at once (default {InProcessParallelism} in-process: four a core); 1 for one at a time." };
        var shard = new Option<string?>("--shard") { Description = "i/N: process only the documents whose id hashes to i of N (from 0), such as 0/4; each shard needs its own --output." };
        var retryFailed = new Option<bool>("--retry-failed") { Description = "Process again the documents an earlier run recorded as failed." };
        var decisions = new Option<FileInfo?>("--decisions") { Description = "A translate-decisions/1 file: rewrite the outputs without the edits it rejects (no processing)." };
        var report = new Option<DirectoryInfo?>("--report") { Description = "Write the review report (a static site) into this folder after the run." };
        parallelism.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } value && value is < 1 or > 4096)
            {
                result.AddError($"'{value}' is not a valid --parallelism: it takes a whole number from 1 to 4096.");
            }
        });
        shard.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && Shard.TryParse(value, out var error) is null)
            {
                result.AddError(error!);
            }
        });
        var command = new Command(Name, "Clean and summarize every document of an archive, in parallel and resumable.")
        {
            input, output, parallelism, shard, retryFailed, decisions, report,
        };
        var remote = RemoteRunnerOptions.Create();
        foreach (var option in remote.All)
        {
            command.Options.Add(option);
        }
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var inputPath = Path.GetFullPath(parseResult.GetRequiredValue(input));
            var outputPath = Path.GetFullPath(parseResult.GetRequiredValue(output));
            if (OpenSource(inputPath, outputPath) is not { } source)
            {
                await error.WriteLineAsync(ProblemWith(inputPath, outputPath)).ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
            var layout = new ArchiveLayout(outputPath, source.IsFolder);
            var selected = parseResult.GetValue(shard) is { } text ? Shard.TryParse(text, out _)!.Value : Shard.All;
            var reportDirectory = parseResult.GetValue(report);
            if (parseResult.GetValue(decisions) is { } decisionsFile)
            {
                return await ApplyDecisionsAsync(source, layout, selected, decisionsFile, reportDirectory, error).ConfigureAwait(false);
            }
            if (remote.Read(parseResult, out var remoteErrors) is { } remoteSettings)
            {
                await using var remoteRunner = await RemoteRunner.StartAsync(remoteSettings, cancellationToken).ConfigureAwait(false);
                if (await remoteRunner.SettingsHashAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false) is not { } remoteHash)
                {
                    await error.WriteLineAsync($"translate batch: no server answered within 30 s ({remoteRunner.Description}); nothing was processed.").ConfigureAwait(false);
                    return ExitCodes.ServersUnavailable;
                }
                var remoteRun = new ArchiveRunSettings(parseResult.GetValue(parallelism) ?? remoteRunner.DefaultParallelism, selected, parseResult.GetValue(retryFailed));
                var exit = await RunAsync(remoteRunner, source, layout, remoteHash, remoteRun, reportDirectory, error, cancellationToken).ConfigureAwait(false);
                foreach (var (server, answered) in remoteRunner.Answered)
                {
                    await error.WriteLineAsync($"translate batch: {server} answered {answered:N0} documents").ConfigureAwait(false);
                }
                return exit;
            }
            if (remoteErrors.Count > 0)
            {
                foreach (var problem in remoteErrors)
                {
                    await error.WriteLineAsync($"translate batch: {problem}").ConfigureAwait(false);
                }
                return ExitCodes.BadInput;
            }
            var runSettings = new ArchiveRunSettings(parseResult.GetValue(parallelism) ?? InProcessParallelism, selected, parseResult.GetValue(retryFailed));
            // The run's own documents must never be refused by the runtime's admission gate or a model's queue:
            // the run bounds what is in flight itself, so the gate gets one slot a document and an hour's patience.
            await using var runtime = ConfiguredRuntime.Load(parseResult, options =>
            {
                options.MaxConcurrentDocuments = runSettings.Parallelism;
                options.MaxQueueMilliseconds = 3_600_000;
                options.Batching.MaxQueueMilliseconds = 3_600_000;
            });
            if (runtime is null)
            {
                return ExitCodes.BadInput;
            }
            await using var runner = new InProcessRunner(runtime, InProcessParallelism);
            return await RunAsync(runner, source, layout, SettingsHash.Of(runtime), runSettings, reportDirectory, error, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    internal static async Task<int> RunAsync(
        IDocumentRunner runner, IArchiveSource source, ArchiveLayout layout, byte[] settingsHash, ArchiveRunSettings settings,
        DirectoryInfo? reportDirectory, TextWriter error, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.Now;
        using var ledger = OpenLedger(layout, error);
        if (ledger is null)
        {
            return ExitCodes.BadInput;
        }
        var shardText = settings.Shard.Count > 1 ? $", shard {settings.Shard}" : "";
        await error.WriteLineAsync($"translate batch: {source.Path} through {runner.Description}, {settings.Parallelism} at a time{shardText}; ledger {layout.LedgerPath}").ConfigureAwait(false);
        var display = ProgressDisplay.For(error);
        var result = await new ArchiveRun(runner, source, layout, ledger, settingsHash, settings).RunAsync(display, cancellationToken).ConfigureAwait(false);
        WriteSummary(error, result, display);
        var outputs = result.Outputs;
        if (reportDirectory is not null)
        {
            var run = new ReportRun(source.Path, layout.ResultsPath, runner.Description, Convert.ToHexStringLower(settingsHash), started, DateTimeOffset.Now,
                (int)Math.Min(int.MaxValue, result.Counters.AlreadyDone));
            await WriteReportAsync(reportDirectory, run, source, layout, ledger, settings.Shard, settingsHash, decisions: null, error).ConfigureAwait(false);
        }
        await error.WriteLineAsync(
            $"translate batch: done: {outputs.Ok:N0} processed, {outputs.Failed:N0} failed, in {result.Counters.Elapsed.TotalSeconds:0.0} s; results in {layout.ResultsPath}").ConfigureAwait(false);
        if (result.Interrupted)
        {
            await error.WriteLineAsync(
                $"translate batch: stopped with {outputs.NotDone:N0} documents not done; the outputs hold the {outputs.Ok + outputs.Failed:N0} done. " +
                "Run the same command again to go on from there.").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
        if (outputs.Failed > 0 && !settings.RetryFailed && result.Counters.AlreadyFailed > 0)
        {
            await error.WriteLineAsync($"translate batch: {result.Counters.AlreadyFailed:N0} documents failed in an earlier run and were not retried; add --retry-failed to process them again.").ConfigureAwait(false);
        }
        return outputs.Failed == 0 ? ExitCodes.Success : ExitCodes.DocumentsFailed;
    }

    private static async Task<int> ApplyDecisionsAsync(IArchiveSource source, ArchiveLayout layout, Shard shard, FileInfo file, DirectoryInfo? reportDirectory, TextWriter error)
    {
        var started = DateTimeOffset.Now;
        ArchiveDecisions decisions;
        try
        {
            decisions = ArchiveDecisions.Load(file.FullName);
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"translate batch: --decisions: {exception.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        if (!File.Exists(layout.LedgerPath))
        {
            await error.WriteLineAsync($"translate batch: --decisions: there is no ledger at '{layout.LedgerPath}'; run the same batch without --decisions first.").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        using var ledger = OpenLedger(layout, error);
        if (ledger is null)
        {
            return ExitCodes.BadInput;
        }
        var problems = decisions.Check(ledger);
        foreach (var problem in problems)
        {
            await error.WriteLineAsync($"translate batch: --decisions: {problem}").ConfigureAwait(false);
        }
        if (problems.Count > 0)
        {
            await error.WriteLineAsync("translate batch: --decisions: nothing was rewritten.").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        layout.ResetScratch();
        var outputs = await ArchiveOutputs.MaterializeAsync(source, layout, ledger, shard, settingsHash: null, decisions, CancellationToken.None).ConfigureAwait(false);
        await error.WriteLineAsync(
            $"translate batch: {decisions.Count:N0} edits rejected; {outputs.Rewritten:N0} documents rewritten; {outputs.Ok:N0} processed, {outputs.Failed:N0} failed; results in {layout.ResultsPath}").ConfigureAwait(false);
        if (reportDirectory is not null)
        {
            var run = new ReportRun(source.Path, layout.ResultsPath, $"decisions from {file.FullName}", "", started, DateTimeOffset.Now);
            await WriteReportAsync(reportDirectory, run, source, layout, ledger, shard, settingsHash: null, decisions, error).ConfigureAwait(false);
        }
        return outputs.Failed == 0 ? ExitCodes.Success : ExitCodes.DocumentsFailed;
    }

    /// <summary>
    /// The review report of the outputs, in input order, streamed from the ledger and the input (rejected edits are
    /// no longer in the outputs, so they are left out). It shows what the outputs hold, not only this run's documents.
    /// </summary>
    private static async Task WriteReportAsync(
        DirectoryInfo directory, ReportRun run, IArchiveSource source, ArchiveLayout layout, Ledger ledger, Shard shard, byte[]? settingsHash, ArchiveDecisions? decisions, TextWriter error)
    {
        var documents = ArchiveReportDocuments.ReadAsync(source, layout, ledger, shard, settingsHash, decisions, CancellationToken.None)
            .Select(d => new ReportDocument(d.Id, d.Format, d.Original, d.Output, d.Edits, d.Summary, d.Error));
        await ArchiveReport.WriteAsync(directory, run, documents, CancellationToken.None).ConfigureAwait(false);
        await error.WriteLineAsync($"translate batch: the review report is in {Path.Combine(directory.FullName, "index.html")}").ConfigureAwait(false);
    }

    private static Ledger? OpenLedger(ArchiveLayout layout, TextWriter error)
    {
        try
        {
            return Ledger.Open(layout.LedgerPath);
        }
        catch (LedgerException exception)
        {
            error.WriteLine($"translate batch: {exception.Message}");
            return null;
        }
    }

    private static IArchiveSource? OpenSource(string input, string output)
    {
        if (File.Exists(input) && input != output)
        {
            return new JsonlSource(input);
        }
        if (Directory.Exists(input) && !IsWithin(output, input) && !IsWithin(input, output))
        {
            return new FolderSource(input);
        }
        return null;
    }

    private static string ProblemWith(string input, string output)
    {
        if (File.Exists(input))
        {
            return $"translate batch: --output is the --input file '{input}'; write the results to another file.";
        }
        if (Directory.Exists(input))
        {
            return $"translate batch: --output '{output}' and --input '{input}' are folders inside one another; give an --output outside the input folder.";
        }
        return $"translate batch: the input '{input}' does not exist (--input takes a JSONL file or a folder).";
    }

    private static bool IsWithin(string path, string folder) =>
        path == folder || path.StartsWith(folder.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The final table: documents processed, skipped and failed in this run, and what the outputs hold.</summary>
    private static void WriteSummary(TextWriter error, ArchiveRunResult result, ProgressDisplay display)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(error),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        var counters = result.Counters;
        var table = new Table().AddColumn("documents").AddColumn(new TableColumn("count").RightAligned());
        table.AddRow("in the input (this shard)", $"{counters.Total:N0}");
        table.AddRow("processed in this run", $"{counters.Processed:N0}");
        table.AddRow("  with edits applied (repaired)", $"{counters.Repaired:N0}");
        table.AddRow("  with problems flagged", $"{counters.Flagged:N0}");
        table.AddRow("failed in this run", $"{counters.Failed:N0}");
        table.AddRow("already done (skipped)", $"{counters.AlreadyDone:N0}");
        table.AddRow("failed earlier (not retried)", $"{counters.AlreadyFailed:N0}");
        table.AddRow("not done (stopped)", $"{result.Outputs.NotDone:N0}");
        table.AddRow("docs/s in this run", $"{counters.DocumentsPerSecond:0.00}");
        console.Write(table);
        foreach (var failure in display.Kept)
        {
            console.WriteLine($"failed: {failure}");
        }
    }
}
