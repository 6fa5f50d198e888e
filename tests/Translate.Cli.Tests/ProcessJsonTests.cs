using System.Text;
using System.Text.Json;

namespace Translate.Cli.Tests;

/// <summary>`translate process FILE --json` on the sample article, run once for the class: it loads the models.</summary>
public sealed class ProcessJsonTests(ProcessJsonTests.SampleRun sample) : IClassFixture<ProcessJsonTests.SampleRun>
{
    private const string FrenchCaption = "XI Jinping et Kim Jong Un ensemble en 2019.";

    [Fact]
    public void ProcessJson_SampleArticle_ExitCode0AndOneJsonObject()
    {
        Assert.Equal(0, sample.Run.ExitCode);
        Assert.Equal("", sample.Run.Error);
        Assert.Equal(JsonValueKind.Object, sample.Json.ValueKind);
        Assert.Equal("xi-kim-article", sample.Json.GetProperty("id").GetString());
        Assert.Single(sample.Run.Output.TrimEnd().Split('\n'));
    }

    [Fact]
    public void ProcessJson_SampleArticle_HasTextSummaryAndEdits()
    {
        var summary = sample.Json.GetProperty("summary").GetString()!;
        var detail = sample.Json.GetProperty("summary_detail");

        // Lead first: the standfirst, the article's first prose sentence (its first paragraph restates it and is passed over).
        Assert.StartsWith("The Chinese president wants to cooperate with the North Korean leader", summary);
        Assert.InRange(detail.GetProperty("word_count").GetInt32(), 1, Translate.Core.Summarization.SummaryLimits.DefaultMaxWords);
        Assert.Equal(summary, string.Join(" ", detail.GetProperty("sentences").EnumerateArray().Select(s => s.GetString())));
        Assert.NotEmpty(sample.Json.GetProperty("segments").EnumerateArray());
        Assert.True(sample.Edits.Count >= 3, $"{sample.Edits.Count} edits");
    }

    [Fact]
    public void ProcessJson_GluedAsiaXi_SplitWithItsReason()
    {
        var edit = Assert.Single(sample.Edits, e => e.GetProperty("reason").GetString()!.Contains("'AsiaXi'", StringComparison.Ordinal));

        Assert.Equal("glued_words", edit.GetProperty("kind").GetString());
        Assert.Equal("applied", edit.GetProperty("disposition").GetString());
        Assert.Equal(" ", edit.GetProperty("replacement").GetString());
        Assert.Contains("\nAsia Xi Jinping offers Kim Jong Un", sample.Text);
        Assert.DoesNotContain("AsiaXi", sample.Text);
    }

    [Fact]
    public void ProcessJson_FrenchCaption_ReportedAsUntranslated()
    {
        // Translated where Debian's Apertium packages are installed, flagged where they are not.
        var edit = Assert.Single(sample.Edits, e => e.GetProperty("original").GetString() == FrenchCaption);

        Assert.Equal("untranslated", edit.GetProperty("kind").GetString());
        Assert.Contains("French", edit.GetProperty("reason").GetString());
        Assert.Contains(edit.GetProperty("disposition").GetString(), new[] { "applied", "flagged" });
    }

    [Fact]
    public void ProcessJson_AppliedEdits_TurnTheInputIntoTheText()
    {
        var input = File.ReadAllText(CliRun.SampleArticle).EnumerateRunes().ToArray();
        var output = new StringBuilder();
        var next = 0;
        foreach (var edit in sample.Edits.Where(e => e.GetProperty("disposition").GetString() == "applied"))
        {
            // Offsets are in code points of the input, edits in order and apart.
            var start = edit.GetProperty("start").GetInt32();
            Assert.True(start >= next, $"an edit at {start} overlaps the one before, which ended at {next}");
            output.AppendJoin("", input[next..start]).Append(edit.GetProperty("replacement").GetString());
            next = start + edit.GetProperty("length").GetInt32();
        }
        output.AppendJoin("", input[next..]);

        Assert.Equal(sample.Text, output.ToString());
    }

    public sealed class SampleRun : IAsyncLifetime
    {
        public CliRun Run { get; private set; } = null!;

        public JsonElement Json { get; private set; }

        public string Text => Json.GetProperty("text").GetString()!;

        public IReadOnlyList<JsonElement> Edits => [.. Json.GetProperty("edits").EnumerateArray()];

        public async ValueTask InitializeAsync()
        {
            Run = await CliRun.RunAsync("process", CliRun.SampleArticle, "--json");
            Json = JsonDocument.Parse(Run.Output).RootElement.Clone();
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
