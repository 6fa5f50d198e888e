using System.Diagnostics;
using System.Text.Json;

namespace Translate.Cli.Tests;

/// <summary>
/// The short form of scripts/kill-test.sh: a 24-document archive (texts written here, no ../shared needed), as JSONL
/// and as a folder tree, run once as the reference and once killed with SIGKILL twice and restarted until complete;
/// the script fails unless every id is in the outputs exactly once and byte-identical to the reference.
/// </summary>
public sealed class KillTest
{
    private static readonly string[] Texts =
    [
        "Asia: Xi Jinping offers Kim Jong Un to cooperate for world peace\n\nAsiaXi Jinping offers Kim Jong Un to cooperate for world peace. The Chinese president wants to cooperate with the North Korean leader.",
        "The minister participated to the talks in Seoul on Monday. He said the meeting went well and that the the next round would take place in spring.",
        "The mayor of the city announced that the works on the bridge will finish in june. Residents had complained during months about the traffic.",
        "Le gouvernement a annoncé de nouvelles mesures. The opposition criticised the plan, which according to it does not go far enough.",
        "Firefighters fought during the whole night against the fire,which destroyed three hectares of forest near the village.",
        "The company realised a benefit of 12 million euros in the first semester , an augmentation of 8 percent on one year.",
    ];

    [Fact]
    public async Task KillTest_ShortForm_OutputsExactlyOnceAndIdenticalToTheReference()
    {
        var script = FindScript();
        var translate = Path.Combine(AppContext.BaseDirectory, "translate.dll");
        Assert.SkipWhen(script is null, "scripts/kill-test.sh is not above the test's folder (the tests run outside the repository).");
        Assert.SkipUnless(OnPath("bash") && OnPath("python3"), "the kill test needs bash and python3.");
        Assert.True(File.Exists(translate), $"the CLI is not beside the tests: {translate}");
        var work = Directory.CreateTempSubdirectory("translate-kill-test-").FullName;
        try
        {
            var texts = Path.Combine(work, "texts.jsonl");
            File.WriteAllLines(texts, Texts.Select(text => JsonSerializer.Serialize(new { text })));
            var start = new ProcessStartInfo("bash")
            {
                ArgumentList = { script!, "--docs", "24", "--kills", "2", "--texts", texts, "--work", Path.Combine(work, "run"), "--seed", "7" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["TRANSLATE"] = $"dotnet {translate}" },
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);

            Assert.True(process.ExitCode == 0, $"kill-test.sh exited {process.ExitCode}:\n{await output}\n{await error}");
            Assert.Contains("kill-test: jsonl: every id exactly once (24), byte-identical to the reference", await output);
            Assert.Contains("kill-test: folder: every id exactly once (24), byte-identical to the reference", await output);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string? FindScript()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var script = Path.Combine(folder.FullName, "scripts", "kill-test.sh");
            if (File.Exists(script))
            {
                return script;
            }
        }
        return null;
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(folder => File.Exists(Path.Combine(folder, program)));
}
