namespace Translate.Cli.Tests;

/// <summary>Command lines with a mistake: refused on standard error with exit code 2, before any model loads.</summary>
public sealed class UsageErrorTests
{
    [Fact]
    public async Task Process_UnknownOption_RefusedNamingIt()
    {
        var run = await CliRun.RunAsync("process", CliRun.SampleArticle, "--bogus");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Equal("translate process: unknown option '--bogus'.\nSee 'translate process --help'.\n", run.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Process_MisspeltOptionWithItsValue_SuggestsTheRealOption()
    {
        var run = await CliRun.RunAsync("process", CliRun.SampleArticle, "--max-word", "60", "--bogus");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output);
        var lines = run.Error.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            ["translate process: unknown option '--max-word'; did you mean --max-words?", "translate process: unknown option '--bogus'.", "See 'translate process --help'."],
            lines);
    }

    [Theory]
    [InlineData("--JSON", "--json")]
    [InlineData("--max-sentence", "--max-sentences")]
    [InlineData("--min-confidance=0.3", "--min-confidence")]
    [InlineData("--target-langauge", "--target-language")]
    public async Task Summarize_Misspelt_SuggestsNearestOption(string typed, string meant)
    {
        var run = await CliRun.RunAsync("summarize", CliRun.SampleArticle, typed);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"did you mean {meant}?", run.Error);
    }

    [Theory]
    [InlineData("-x")]
    [InlineData("--bogus")]
    [InlineData("--max")]
    public async Task Process_FarFromEveryOption_NoSuggestion(string typed)
    {
        var run = await CliRun.RunAsync("process", CliRun.SampleArticle, typed);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"translate process: unknown option '{typed}'.", run.Error);
        Assert.DoesNotContain("did you mean", run.Error);
    }

    [Fact]
    public async Task Process_MisspeltHelp_SuggestsHelp()
    {
        var run = await CliRun.RunAsync("process", CliRun.SampleArticle, "--hlep");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("did you mean --help?", run.Error);
    }

    [Fact]
    public async Task EvalSummarize_MisspeltOption_SuggestsAnOptionOfThatCommand()
    {
        var run = await CliRun.RunAsync("eval", "summarize", "dev.jsonl", "--per-articel");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("translate eval summarize: unknown option '--per-articel'; did you mean --per-article?", run.Error);
    }

    [Fact]
    public async Task Serve_MisspeltUrls_RefusedBeforeTheServerStarts()
    {
        var run = await CliRun.RunAsync("serve", "--url", "http://127.0.0.1:1");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("translate serve: unknown option '--url'; did you mean --urls?", run.Error);
    }

    [Fact]
    public async Task Serve_AllInterfacesWithoutKeys_ExitCode2NamingTheSettings()
    {
        var run = await CliRun.RunAsync("serve", "--urls", "http://0.0.0.0:0", "--Server:HttpUrls=http://127.0.0.1:0");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("translate serve: The server would listen beyond this machine (http://0.0.0.0:0 from --urls) with no API key.", run.Error);
        Assert.Contains("Server:ApiKeys", run.Error);
        Assert.Contains("Server:AllowAnonymous=true", run.Error);
    }

    [Fact]
    public async Task Process_MissingFile_ExitCode2NamingTheFile()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"translate-missing-{Guid.NewGuid():N}.txt");

        var run = await CliRun.RunAsync("process", missing, "--max-words", "60");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.StartsWith($"translate process: cannot read '{missing}'", run.Error);
    }

    [Fact]
    public async Task Process_DirectoryForFile_ExitCode2()
    {
        var run = await CliRun.RunAsync("process", Path.GetTempPath());

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("translate process: cannot read", run.Error);
    }

    [Fact]
    public async Task Batch_MissingInput_ExitCode2NamingTheFile()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"translate-missing-{Guid.NewGuid():N}.jsonl");

        var run = await CliRun.RunAsync("batch", "--input", missing, "--output", missing + ".out");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"'{missing}' does not exist", run.Error);
    }

    [Theory]
    [InlineData("--max-words", "abc", "'abc' is not a valid --max-words: it takes a whole number.")]
    [InlineData("--max-sentences", "2.5", "'2.5' is not a valid --max-sentences: it takes a whole number.")]
    [InlineData("--min-confidence", "high", "'high' is not a valid --min-confidence: it takes a number such as 0.5.")]
    public async Task Process_BadValue_NamesTheOptionAndWhatItTakes(string option, string value, string expected)
    {
        var run = await CliRun.RunAsync("process", CliRun.SampleArticle, option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.StartsWith($"translate process: {expected}", run.Error);
    }

    [Fact]
    public async Task Process_NoFile_ExitCode2()
    {
        var run = await CliRun.RunAsync("process", "--json");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("translate process: Required argument missing", run.Error);
    }

    [Fact]
    public async Task Process_SecondFile_RefusedAsUnexpected()
    {
        var run = await CliRun.RunAsync("process", CliRun.SampleArticle, "other.txt");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("translate process: unexpected argument 'other.txt'.", run.Error);
    }

    [Fact]
    public async Task Process_SettingWithoutValue_Refused()
    {
        var run = await CliRun.RunAsync("process", CliRun.SampleArticle, "--Processing:MaxTextCodePoints");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("translate process: the setting '--Processing:MaxTextCodePoints' has no value; write --Processing:MaxTextCodePoints=value.", run.Error);
    }

    [Theory]
    [InlineData("--Processing:DefaultMinConfidence=2")]
    [InlineData("--Processing:DefaultMinConfidence", "2")]
    public async Task Process_Setting_ReachesTheConfiguration(params string[] setting)
    {
        // An invalid value proves the setting was read: validation refuses it before any model loads.
        var run = await CliRun.RunAsync(["process", CliRun.SampleArticle, .. setting]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Processing:DefaultMinConfidence must be between 0 and 1; it is 2.", run.Error);
    }

    [Fact]
    public async Task Tokenize_UnknownOption_ExitCode2()
    {
        var run = await CliRun.RunAsync("tokenize", "--tokenizer", "minilm", "--decod");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'--decod'", run.Error);
    }

    [Fact]
    public async Task NoCommand_ExitCode2()
    {
        var run = await CliRun.RunAsync();

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("translate: Required command was not provided.\nSee 'translate --help'.\n", run.Error.ReplaceLineEndings("\n"));
    }
}
