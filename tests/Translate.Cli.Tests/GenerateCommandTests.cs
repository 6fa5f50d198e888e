namespace Translate.Cli.Tests;

public sealed class GenerateCommandTests
{
    [Fact]
    public async Task Generate_BatchingSettingOutOfRange_RefusedNamingTheSetting()
    {
        // Read before the model loads, so any folder will do: the setting binds as it does for the other commands.
        var run = await CliRun.RunAsync("generate", "--model", ".", "--Batching:MaxBatchRows=0");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Batching:MaxBatchRows must be between 1 (batching off) and 4096; it is 0.", run.Error);
    }

    [Fact]
    public async Task Generate_MisspeltOption_RefusedNamingIt()
    {
        var run = await CliRun.RunAsync("generate", "--model", ".", "--beam", "4");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown option '--beam'; did you mean --beams?", run.Error);
    }
}
