using System.Text.Json;

namespace Translate.Cli.Tests;

/// <summary>`translate batch` on a small archive with bad lines among good ones, run once for the class: it loads the models.</summary>
public sealed class BatchTests(BatchTests.ArchiveRun archive) : IClassFixture<BatchTests.ArchiveRun>
{
    [Fact]
    public void Batch_SomeLinesFail_ExitCode1()
    {
        Assert.Equal(1, archive.Run.ExitCode);
        Assert.Contains("translate batch: done: 2 processed, 2 failed", archive.Run.Error);
    }

    [Fact]
    public void Batch_EveryLine_OneResultLineInOrder()
    {
        Assert.Equal(["glued", "empty", "line-3", "calque"], archive.Results.Select(r => r.GetProperty("id").GetString()));
    }

    [Fact]
    public void Batch_GoodLines_CleanedAndSummarized()
    {
        var glued = archive.Results[0];
        var calque = archive.Results[3];

        Assert.Contains("Asia Xi Jinping offers Kim Jong Un", glued.GetProperty("text").GetString());
        Assert.Contains(glued.GetProperty("edits").EnumerateArray(), e => e.GetProperty("kind").GetString() == "glued_words");
        Assert.False(string.IsNullOrEmpty(glued.GetProperty("summary").GetString()));
        Assert.Contains("The minister participated in the talks in Seoul", calque.GetProperty("text").GetString());
        Assert.False(glued.TryGetProperty("error", out _));
    }

    [Fact]
    public void Batch_EmptyText_ErrorLineWithItsId()
    {
        var result = archive.Results[1];

        Assert.Equal(["id", "error"], result.EnumerateObject().Select(p => p.Name));
        Assert.Contains("empty", result.GetProperty("error").GetString());
        Assert.Contains("translate batch: empty: ", archive.Run.Error);
    }

    [Fact]
    public void Batch_MalformedJson_ErrorLineNamedForItsLine()
    {
        var result = archive.Results[2];

        Assert.Equal(["id", "error"], result.EnumerateObject().Select(p => p.Name));
        Assert.StartsWith("line 3 is not a JSON document object", result.GetProperty("error").GetString());
    }

    [Fact]
    public void Batch_RunAgain_NothingRedoneSameOutput()
    {
        Assert.Equal(1, archive.Rerun.ExitCode);
        Assert.Matches(@"already done \(skipped\)\s*│\s*2\s", archive.Rerun.Error);
        Assert.Matches(@"failed earlier \(not retried\)\s*│\s*2\s", archive.Rerun.Error);
        Assert.Equal(archive.FirstOutput, archive.RerunOutput);
    }

    public sealed class ArchiveRun : IAsyncLifetime
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("translate-batch-").FullName;

        public CliRun Run { get; private set; } = null!;

        public IReadOnlyList<JsonElement> Results { get; private set; } = [];

        /// <summary>The same command again: the ledger has every document, so nothing is processed.</summary>
        public CliRun Rerun { get; private set; } = null!;

        public byte[] FirstOutput { get; private set; } = [];

        public byte[] RerunOutput { get; private set; } = [];

        public async ValueTask InitializeAsync()
        {
            var input = Path.Combine(_folder, "in.jsonl");
            var output = Path.Combine(_folder, "out.jsonl");
            await File.WriteAllLinesAsync(input,
            [
                """{"id": "glued", "text": "Asia: Xi Jinping offers Kim Jong Un to cooperate for world peace\n\nAsiaXi Jinping offers Kim Jong Un to cooperate for world peace. The Chinese president wants to cooperate with the North Korean leader."}""",
                """{"id": "empty", "text": ""}""",
                """{"id": "broken", "text": """,
                """{"id": "calque", "text": "The minister participated to the talks in Seoul on Monday. He said the meeting went well."}""",
            ]);
            Run = await CliRun.RunAsync("batch", "--input", input, "--output", output);
            Results = [.. (await File.ReadAllLinesAsync(output)).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
            FirstOutput = await File.ReadAllBytesAsync(output);
            Rerun = await CliRun.RunAsync("batch", "--input", input, "--output", output);
            RerunOutput = await File.ReadAllBytesAsync(output);
        }

        public ValueTask DisposeAsync()
        {
            Directory.Delete(_folder, recursive: true);
            return ValueTask.CompletedTask;
        }
    }
}
