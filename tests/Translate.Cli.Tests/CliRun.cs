using System.CommandLine;
using Translate.Cli.Internal;

namespace Translate.Cli.Tests;

/// <summary>What a user of `translate` sees: the exit code, standard output and standard error.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    /// <summary>The sample article: a poor machine translation from French (tests/data/xi-kim-article.txt).</summary>
    public static string SampleArticle { get; } = Path.Combine(AppContext.BaseDirectory, "data", "xi-kim-article.txt");

    /// <summary>Runs the command line in-process, as Program does, with its output captured.</summary>
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await TranslateCli.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
