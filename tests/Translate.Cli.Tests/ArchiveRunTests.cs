using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Translate.Cli.Archive;
using Translate.Cli.Archive.Internal;
using Translate.Cli.Commands;
using Translate.Cli.Internal;

namespace Translate.Cli.Tests;

/// <summary>
/// `translate batch`'s archive runs through a scripted runner (no models): input order, the ledger's resume and
/// retry, failures, duplicates, shards, parallelism, Ctrl+C, folder trees and decisions, as a user sees them in the
/// outputs and the exit code.
/// </summary>
public sealed class ArchiveRunTests : IDisposable
{
    private static readonly byte[] Settings = SHA256.HashData("scripted settings"u8);

    private readonly string _folder = Directory.CreateTempSubdirectory("translate-archive-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Run_ParallelDocumentsFinishingOutOfOrder_OutputInInputOrder()
    {
        var input = WriteInput(Documents(30));
        var runner = new ScriptedRunner { Delay = TimeSpan.FromMilliseconds(20) };

        var run = await RunAsync(input, Output, runner, parallelism: 6);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var lines = ReadLines(Output);
        Assert.Equal(Enumerable.Range(1, 30).Select(Id), lines.Select(l => l.GetProperty("id").GetString()));
        Assert.Equal("Document 7 says the cat sat on the mat.", lines[6].GetProperty("text").GetString());
        Assert.Equal(2, lines[6].GetProperty("edits").GetArrayLength());
        Assert.Equal(6, runner.MaxInFlight);
    }

    [Fact]
    public async Task Run_ParallelismOne_OneDocumentAtATime()
    {
        var runner = new ScriptedRunner { Delay = TimeSpan.FromMilliseconds(5) };

        await RunAsync(WriteInput(Documents(8)), Output, runner, parallelism: 1);

        Assert.Equal(1, runner.MaxInFlight);
    }

    [Fact]
    public async Task Run_Again_SkipsFinishedDocumentsAndWritesTheSameOutput()
    {
        var input = WriteInput(Documents(12));
        await RunAsync(input, Output, new ScriptedRunner());
        var first = File.ReadAllBytes(Output);
        var second = new ScriptedRunner();

        var run = await RunAsync(input, Output, second);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(0, second.Processed);
        Assert.Equal(first, File.ReadAllBytes(Output));
        Assert.Matches(@"already done \(skipped\)\s*│\s*12", run.Error);
    }

    [Fact]
    public async Task Run_ChangedInput_RedoesOnlyTheChangedDocument()
    {
        var documents = Documents(6);
        var input = WriteInput(documents);
        await RunAsync(input, Output, new ScriptedRunner());
        documents[3] = Line(Id(4), "Document 4 now says teh dog barked.");
        WriteInput(documents);
        var second = new ScriptedRunner();

        await RunAsync(input, Output, second);

        Assert.Equal(1, second.Processed);
        Assert.Equal(1, second.CallsFor(Id(4)));
        Assert.Equal("Document 4 now says the dog barked.", ReadLines(Output)[3].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Run_FailingDocuments_RecordedTheRunGoesOnExitCode1()
    {
        var documents = Documents(5);
        documents[1] = Line(Id(2), "Document 2 must FAIL.");
        documents.Insert(3, """{"id": "broken", "text": """);
        var input = WriteInput(documents);

        var run = await RunAsync(input, Output, new ScriptedRunner());

        Assert.Equal(ExitCodes.DocumentsFailed, run.ExitCode);
        var lines = ReadLines(Output);
        Assert.Equal([Id(1), Id(2), Id(3), "line-4", Id(4), Id(5)], lines.Select(l => l.GetProperty("id").GetString()));
        Assert.Equal(["id", "error"], lines[1].EnumerateObject().Select(p => p.Name));
        Assert.Contains("refused by the scripted runner", lines[1].GetProperty("error").GetString());
        Assert.StartsWith("line 4 is not a JSON document object", lines[3].GetProperty("error").GetString());
        Assert.Equal("Document 5 says the cat sat on the mat.", lines[5].GetProperty("text").GetString());
        Assert.Contains($"translate batch: {Id(2)}: Document '{Id(2)}' was refused", run.Error);
        Assert.Contains("done: 4 processed, 2 failed", run.Error);
    }

    [Fact]
    public async Task Run_AgainAfterFailure_FailureStaysRecordedUntilRetryFailed()
    {
        var documents = Documents(4);
        documents[2] = Line(Id(3), "Document 3 must FAIL.");
        var input = WriteInput(documents);
        await RunAsync(input, Output, new ScriptedRunner());
        // The service would now take it: the failure is only redone when asked.
        var ledger = Ledger.Open(Output + ".ledger.sqlite");
        var row = ledger.Find(Id(3))!;
        ledger.Dispose();
        Assert.False(row.Ok);

        var again = new ScriptedRunner { OnRequest = _ => { } };
        var second = await RunAsync(input, Output, again);
        var retried = await RunAsync(input, Output, new ScriptedRunner(), retryFailed: true);

        Assert.Equal(ExitCodes.DocumentsFailed, second.ExitCode);
        Assert.Equal(0, again.Processed + again.CallsFor(Id(3)));
        Assert.Contains("add --retry-failed to process them again", second.Error);
        // Retried, it fails again (its text still says FAIL), and is called once more.
        Assert.Equal(ExitCodes.DocumentsFailed, retried.ExitCode);
        Assert.Matches(@"failed in this run\s*│\s*1\s", retried.Error);
    }

    [Fact]
    public async Task Run_RetryFailedAfterTheInputIsFixed_Succeeds()
    {
        var documents = Documents(3);
        documents[0] = Line(Id(1), "Document 1 must FAIL.");
        var input = WriteInput(documents);
        await RunAsync(input, Output, new ScriptedRunner());
        var runner = new ScriptedRunner();

        // A runner that now succeeds on the same input: a transient failure (a model's error) retried.
        var retried = await RunAsync(input, Output, new SucceedingRunner(runner), retryFailed: true);

        Assert.Equal(ExitCodes.Success, retried.ExitCode);
        Assert.Equal(1, runner.Processed);
        Assert.Equal("Document 1 must pass.", ReadLines(Output)[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Run_DuplicateId_SecondOccurrenceFailsFirstIsProcessed()
    {
        var documents = Documents(3);
        documents.Add(Line(Id(2), "Another document with teh same id."));

        var run = await RunAsync(WriteInput(documents), Output, new ScriptedRunner());

        Assert.Equal(ExitCodes.DocumentsFailed, run.ExitCode);
        var lines = ReadLines(Output);
        Assert.Equal([Id(1), Id(2), Id(3), Id(2)], lines.Select(l => l.GetProperty("id").GetString()));
        Assert.Equal("Document 2 says the cat sat on the mat.", lines[1].GetProperty("text").GetString());
        Assert.StartsWith($"duplicate id '{Id(2)}': line 2 has the same id", lines[3].GetProperty("error").GetString());
    }

    [Fact]
    public async Task Run_ThreeShards_PartitionTheUnshardedOutput()
    {
        var input = WriteInput(Documents(40));
        await RunAsync(input, Output, new ScriptedRunner());
        var whole = File.ReadAllLines(Output);

        var shards = new List<string[]>();
        for (var i = 0; i < 3; i++)
        {
            var output = Path.Combine(_folder, $"shard-{i}.jsonl");
            await RunAsync(input, output, new ScriptedRunner(), shard: new Shard(i, 3));
            shards.Add(File.ReadAllLines(output));
        }

        Assert.All(shards, lines => Assert.NotEmpty(lines));
        Assert.Equal(whole.Length, shards.Sum(lines => lines.Length));
        Assert.Equal(whole.Order(StringComparer.Ordinal), shards.SelectMany(lines => lines).Order(StringComparer.Ordinal));
        // Each shard keeps input order.
        Assert.All(shards, lines => Assert.Equal(lines, whole.Where(lines.Contains)));
    }

    [Fact]
    public async Task Run_CancelledMidway_ExitInterruptedOutputsHoldWhatIsDoneAndRerunCompletes()
    {
        var input = WriteInput(Documents(20));
        using var stop = new CancellationTokenSource();
        var seen = 0;
        var runner = new ScriptedRunner { Delay = TimeSpan.FromMilliseconds(10), OnRequest = _ => { if (Interlocked.Increment(ref seen) == 8) { stop.Cancel(); } } };

        var stopped = await RunAsync(input, Output, runner, parallelism: 2, stop: stop.Token);
        var partial = ReadLines(Output).Select(l => l.GetProperty("id").GetString()).ToList();
        var resumed = await RunAsync(input, Output, new ScriptedRunner());

        Assert.Equal(ExitCodes.Interrupted, stopped.ExitCode);
        Assert.Contains("Run the same command again to go on from there.", stopped.Error);
        Assert.InRange(partial.Count, 1, 19);
        Assert.Equal(partial, partial.OrderBy(id => id, StringComparer.Ordinal));
        Assert.Equal(ExitCodes.Success, resumed.ExitCode);
        Assert.Equal(Enumerable.Range(1, 20).Select(Id), ReadLines(Output).Select(l => l.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Run_RunnerRefusesForOverload_DocumentsRetriedNotFailed()
    {
        var runner = new ScriptedRunner { OverloadsPerDocument = 2 };

        var run = await RunAsync(WriteInput(Documents(6)), Output, runner);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(6, runner.Processed);
        Assert.Equal(3, runner.CallsFor(Id(6)));
    }

    [Fact]
    public async Task Run_Folder_MirrorsTheTreeWithResultsInWalkOrder()
    {
        var input = Path.Combine(_folder, "in");
        WriteFile(input, "b.txt", "B says teh truth.");
        WriteFile(input, "a/z.txt", "Z saw teh zzz.");
        WriteFile(input, "a/c/d.txt", "D is fine.");
        WriteFile(input, "a-b.txt", "Ordinal: '-' sorts before 'a'? No: names are compared in each folder.");
        WriteFile(input, "notes.md", "Not a document.");
        var output = Path.Combine(_folder, "out");

        var run = await RunAsync(input, output, new ScriptedRunner());

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("B says the truth.", File.ReadAllText(Path.Combine(output, "b.txt")));
        Assert.Equal("Z saw the zzz.", File.ReadAllText(Path.Combine(output, "a", "z.txt")));
        Assert.False(File.Exists(Path.Combine(output, "notes.md")));
        var results = ReadLines(Path.Combine(output, "results.jsonl"));
        Assert.Equal(["a/c/d.txt", "a/z.txt", "a-b.txt", "b.txt"], results.Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(["id", "format", "summary", "summary_detail", "edits"], results[1].EnumerateObject().Select(p => p.Name));
        Assert.Equal("text", results[1].GetProperty("format").GetString());
        Assert.Equal(["applied", "flagged"], results[1].GetProperty("edits").EnumerateArray().Select(e => e.GetProperty("disposition").GetString()));
        Assert.Equal(
            ["a-b.txt", "a/c/d.txt", "a/z.txt", "b.txt", "results.jsonl"], // ordinal order of paths, not the walk
            Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(output, f).Replace('\\', '/')).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Run_FolderWithAFailingFileInASubfolder_RecordedWithoutOutputFileOthersWritten()
    {
        var input = Path.Combine(_folder, "in");
        WriteFile(input, "deep/er/bad.txt", "This one must FAIL.");
        WriteFile(input, "good.txt", "teh good one");
        var output = Path.Combine(_folder, "out");

        var run = await RunAsync(input, output, new ScriptedRunner());

        Assert.Equal(ExitCodes.DocumentsFailed, run.ExitCode);
        Assert.False(File.Exists(Path.Combine(output, "deep", "er", "bad.txt")));
        Assert.Equal("the good one", File.ReadAllText(Path.Combine(output, "good.txt")));
        var results = ReadLines(Path.Combine(output, "results.jsonl"));
        Assert.Equal(["id", "format", "error"], results[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("deep/er/bad.txt", results[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Run_FolderWithHtml_HtmlFileGoesThroughTheHtmlFormat()
    {
        var input = Path.Combine(_folder, "in");
        WriteFile(input, "page.html", "<p>teh page</p>");
        WriteFile(input, "text.txt", "teh text");
        var output = Path.Combine(_folder, "out");

        await RunAsync(input, output, new ScriptedRunner());

        var results = ReadLines(Path.Combine(output, "results.jsonl"));
        Assert.Equal(["page.html", "text.txt"], results.Select(r => r.GetProperty("id").GetString()));
        Assert.Equal("html", results[0].GetProperty("format").GetString());
        Assert.Equal("<p>the page</p>", File.ReadAllText(Path.Combine(output, "page.html")));
        Assert.Equal(3, results[0].GetProperty("edits")[0].GetProperty("start").GetInt32()); // in the file, after "<p>"
        Assert.Equal("the text", File.ReadAllText(Path.Combine(output, "text.txt")));
    }

    [Fact]
    public async Task Decisions_RejectOneAppliedEdit_OutputKeepsTheOriginalAtItsSpan()
    {
        var input = WriteInput([Line("rejected", "Teh end: teh cat saw teh dog."), Line("kept", "Here teh edit stays.")]);
        await RunAsync(input, Output, new ScriptedRunner());
        Assert.Equal("Teh end: the cat saw the dog.", ReadLines(Output)[0].GetProperty("text").GetString());
        var decisions = WriteDecisions("""{"id": "rejected", "start": 21, "length": 3, "replacement": "the"}""");

        var run = await CliRun.RunAsync("batch", "--input", input, "--output", Output, "--decisions", decisions);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var lines = ReadLines(Output);
        Assert.Equal("Teh end: the cat saw teh dog.", lines[0].GetProperty("text").GetString());
        Assert.Equal(["applied", "rejected"], lines[0].GetProperty("edits").EnumerateArray().Select(e => e.GetProperty("disposition").GetString()));
        Assert.Equal("Here the edit stays.", lines[1].GetProperty("text").GetString());
        Assert.Contains("1 edits rejected; 1 documents rewritten", run.Error);
    }

    [Fact]
    public async Task Decisions_FolderArchive_RewritesTheFile()
    {
        var input = Path.Combine(_folder, "in");
        WriteFile(input, "x/doc.txt", "é teh 😀 teh end");
        var output = Path.Combine(_folder, "out");
        await RunAsync(input, output, new ScriptedRunner());
        // Code points: 'é'=0, ' '=1, 'teh'=2..4, ' '=5, '😀'=6 (one code point, two UTF-16 units), ' '=7, 'teh'=8.
        var decisions = WriteDecisions("""{"id": "x/doc.txt", "start": 8, "length": 3, "replacement": "the"}""");

        var run = await CliRun.RunAsync("batch", "--input", input, "--output", output, "--decisions", decisions);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("é the 😀 teh end", File.ReadAllText(Path.Combine(output, "x", "doc.txt")));
    }

    [Fact]
    public async Task Decisions_UnknownIdAndUnknownEdit_EachReportedByNameNothingRewritten()
    {
        var input = WriteInput([Line("a", "teh one")]);
        await RunAsync(input, Output, new ScriptedRunner());
        var before = File.ReadAllBytes(Output);
        var decisions = WriteDecisions(
            """{"id": "nobody", "start": 0, "length": 3, "replacement": "the"}""",
            """{"id": "a", "start": 4, "length": 3, "replacement": "two"}""");

        var run = await CliRun.RunAsync("batch", "--input", input, "--output", Output, "--decisions", decisions);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("document 'nobody', which this output does not have (unknown id)", run.Error);
        Assert.Contains("an edit of document 'a' that it does not have: start 4, length 3, replacement \"two\" (unknown edit)", run.Error);
        Assert.Equal(before, File.ReadAllBytes(Output));
    }

    [Fact]
    public async Task Decisions_NotADecisionsFile_NamesTheFormat()
    {
        var input = WriteInput([Line("a", "teh one")]);
        var decisions = Path.Combine(_folder, "decisions.json");
        File.WriteAllText(decisions, """{"format": "something/2", "rejected": []}""");

        var run = await CliRun.RunAsync("batch", "--input", input, "--output", Output, "--decisions", decisions);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("is not a \"translate-decisions/1\" file", run.Error);
    }

    [Fact]
    public async Task ReportDocuments_AfterARun_EveryDocumentInInputOrderWithOriginalAndOutput()
    {
        var documents = Documents(3);
        documents[1] = Line(Id(2), "Document 2 must FAIL.");
        var input = WriteInput(documents);
        await RunAsync(input, Output, new ScriptedRunner());
        using var ledger = Ledger.Open(Output + ".ledger.sqlite");

        var reported = new List<ArchivedDocument>();
        await foreach (var document in ArchiveReportDocuments.ReadAsync(new JsonlSource(input), new ArchiveLayout(Output, folder: false), ledger, Shard.All, null, null, TestContext.Current.CancellationToken))
        {
            reported.Add(document);
        }

        Assert.Equal([Id(1), Id(2), Id(3)], reported.Select(d => d.Id));
        Assert.Equal("Document 3 says teh cat sat on teh mat.", reported[2].Original);
        Assert.Equal("Document 3 says the cat sat on the mat.", reported[2].Output);
        Assert.Equal(2, reported[2].Edits.Count);
        Assert.Equal($"Summary of {Id(3)}.", reported[2].Summary);
        Assert.Contains("refused by the scripted runner", reported[1].Error);
    }

    [Fact]
    public async Task Run_SecondRunOnTheSameOutputWhileOneHoldsIt_RefusedWithReason()
    {
        var input = WriteInput(Documents(2));
        using var held = Ledger.Open(Output + ".ledger.sqlite");

        var run = await RunAsync(input, Output, new ScriptedRunner());

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("is in use by another run of translate batch on the same output", run.Error);
    }

    [Theory]
    [InlineData("0/0", "N (the number of shards) must be 1 or more")]
    [InlineData("3/3", "i must be from 0 to 2 for 3 shards")]
    [InlineData("-1/3", "i must be from 0 to 2 for 3 shards")]
    [InlineData("one/3", "it takes i/N")]
    public async Task Batch_BadShard_UsageErrorNamingTheOption(string shard, string message)
    {
        var run = await CliRun.RunAsync("batch", "--input", "in.jsonl", "--output", "out.jsonl", "--shard", shard);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains($"'{shard}' is not a valid --shard: {message}", run.Error);
    }

    [Fact]
    public async Task Batch_ParallelismZero_UsageError()
    {
        var run = await CliRun.RunAsync("batch", "--input", "in.jsonl", "--output", "out.jsonl", "--parallelism", "0");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("'0' is not a valid --parallelism: it takes a whole number from 1 to 4096.", run.Error);
    }

    [Fact]
    public void Shard_Hash_IsSha256OfTheIdNotTheProcessHash()
    {
        // First 8 bytes of SHA-256("doc-00001"), big-endian, computed outside .NET (printf doc-00001 | sha256sum).
        Assert.Equal(0x579d97713fd7c70eUL, Shard.StableHash("doc-00001"));
        Assert.True(new Shard((int)(0x579d97713fd7c70eUL % 3), 3).Contains("doc-00001"));
    }

    private string Output => Path.Combine(_folder, "out.jsonl");

    private static string Id(int i) => $"doc-{i:00}";

    private static string Line(string id, string text) => JsonSerializer.Serialize(new { id, text });

    private static List<string> Documents(int count) =>
        [.. Enumerable.Range(1, count).Select(i => Line(Id(i), $"Document {i} says teh cat sat on teh mat."))];

    private string WriteInput(IEnumerable<string> lines)
    {
        var path = Path.Combine(_folder, "in.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    private string WriteDecisions(params string[] rejected)
    {
        var path = Path.Combine(_folder, "decisions.json");
        File.WriteAllText(path, $$"""{"format": "translate-decisions/1", "rejected": [{{string.Join(", ", rejected)}}]}""");
        return path;
    }

    private static void WriteFile(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(false));
    }

    private static List<JsonElement> ReadLines(string path) =>
        [.. File.ReadAllLines(path).Select(line => JsonDocument.Parse(line).RootElement.Clone())];

    private static async Task<(int ExitCode, string Error)> RunAsync(
        string input, string output, IDocumentRunner runner, int parallelism = 4, Shard? shard = null, bool retryFailed = false, CancellationToken? stop = null)
    {
        IArchiveSource source = Directory.Exists(input) ? new FolderSource(input) : new JsonlSource(input);
        using var error = new StringWriter();
        var settings = new ArchiveRunSettings(parallelism, shard ?? Shard.All, retryFailed);
        var exitCode = await BatchCommand.RunAsync(runner, source, new ArchiveLayout(output, source.IsFolder), Settings, settings, reportDirectory: null, error, stop ?? TestContext.Current.CancellationToken);
        return (exitCode, error.ToString());
    }

    /// <summary>The scripted runner on texts whose "FAIL" now reads "pass": a failure that does not happen again.</summary>
    private sealed class SucceedingRunner(ScriptedRunner inner) : IDocumentRunner
    {
        public string Description => inner.Description;

        public int DefaultParallelism => inner.DefaultParallelism;

        public Task<Core.Processing.DocumentResult> ProcessAsync(Core.Processing.DocumentRequest request, CancellationToken cancellationToken) =>
            inner.ProcessAsync(request with { Text = request.Text.Replace("FAIL", "pass", StringComparison.Ordinal) }, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
