using System.Diagnostics;

namespace Translate.Cli.Tests.Archive.Report;

/// <summary>Debian's headless Chromium, for the report's browser tests: skipped where it is missing, required on CI.</summary>
internal static class Chromium
{
    private static readonly string[] Candidates = ["chromium", "chromium-browser", "google-chrome"];

    /// <summary>The browser's path; skips the test when there is none, fails it when CI=true (.ci/run installs chromium).</summary>
    public static string Require()
    {
        var path = Environment.GetEnvironmentVariable("PATH")?.Split(Path.PathSeparator)
            .SelectMany(folder => Candidates.Select(name => Path.Combine(folder, name)))
            .FirstOrDefault(File.Exists);
        if (path is null)
        {
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), "CI must install chromium (.ci/run)");
            Assert.Skip("chromium is not installed");
        }
        return path;
    }

    /// <summary>The flags every run uses: headless, its own profile (so no decisions leak between tests), nothing from the network.</summary>
    public static IEnumerable<string> CommonArguments(string profile) =>
    [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--force-device-scale-factor=1",
        "--user-data-dir=" + profile,
    ];

    /// <summary>Runs Chromium to completion; kills its whole process tree if it takes longer than <paramref name="timeout"/>.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string chromium, IEnumerable<string> arguments, TimeSpan timeout)
    {
        using var process = Start(chromium, arguments);
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"chromium did not finish within {timeout.TotalSeconds:0} s: {string.Join(' ', arguments)}");
        }
        return (process.ExitCode, await output, await error);
    }

    public static Process Start(string chromium, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return Process.Start(start) ?? throw new InvalidOperationException("chromium did not start");
    }
}
