using System.Diagnostics;
using System.Text;

namespace Translate.Core.Tests.Tokenization;

/// <summary>
/// Google's sentencepiece through Debian's spm_encode (package sentencepiece), run on a temporary file of lines:
/// the reference ids (--output_format=id) or pieces (--output_format=piece, for Marian's vocab.json mapping).
/// </summary>
internal static class SentencePieceReference
{
    public const string SpmEncode = "/usr/bin/spm_encode";

    public const string Missing = $"{SpmEncode} is absent (apt-get install sentencepiece)";

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Tokenization", "Fixtures", name);

    /// <summary>Skips the test when spm_encode is absent, except on CI, where its absence fails it.</summary>
    public static void RequireSpmEncode()
    {
        if (File.Exists(SpmEncode))
        {
            return;
        }
        Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), Missing + " on CI");
        Assert.Skip(Missing);
    }

    /// <summary>The shared/models folder (beside or above the repository, $TRANSLATE_SHARED, or /work/shared), or null.</summary>
    public static string? SharedModel(string relative)
    {
        var dev = RealSentences.DevDirectory;
        var candidates = new List<string>();
        if (dev is not null)
        {
            candidates.Add(Path.Combine(dev, "..", "..", "models", relative));
        }
        var configured = Environment.GetEnvironmentVariable("TRANSLATE_SHARED");
        if (!string.IsNullOrEmpty(configured))
        {
            candidates.Add(Path.Combine(configured, "models", relative));
        }
        candidates.Add(Path.Combine("/work/shared/models", relative));
        return candidates.Select(Path.GetFullPath).FirstOrDefault(path => File.Exists(path) || Directory.Exists(path));
    }

    /// <summary>spm_encode's output for each line (none may hold '\n'), split on spaces.</summary>
    public static List<string[]> Encode(string model, IReadOnlyList<string> lines, bool pieces = false)
    {
        var input = Path.GetTempFileName();
        try
        {
            // UTF-8 without BOM; a lone surrogate becomes U+FFFD, as our tokenizer treats it.
            File.WriteAllText(input, string.Join('\n', lines) + "\n", new UTF8Encoding(false));
            var start = new ProcessStartInfo(SpmEncode)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = new UTF8Encoding(false),
            };
            start.ArgumentList.Add($"--model={model}");
            start.ArgumentList.Add($"--output_format={(pieces ? "piece" : "id")}");
            start.ArgumentList.Add(input);
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            // Split on '\n' only: a piece or a decoded text may hold '\r', which ReadLine would take for a line end.
            var output = SplitLines(process.StandardOutput.ReadToEnd()).Select(line => line.Length == 0 ? [] : line.Split(' ')).ToList();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"spm_encode failed: {errors.Result}");
            Assert.Equal(lines.Count, output.Count);
            return output;
        }
        finally
        {
            File.Delete(input);
        }
    }

    /// <summary>spm_decode --input_format=id: the text of each line of ids.</summary>
    public static List<string> Decode(string model, IReadOnlyList<int[]> lines)
    {
        var input = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(input, lines.Select(ids => string.Join(' ', ids)));
            var start = new ProcessStartInfo("/usr/bin/spm_decode")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = new UTF8Encoding(false),
            };
            start.ArgumentList.Add($"--model={model}");
            start.ArgumentList.Add("--input_format=id");
            start.ArgumentList.Add(input);
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            var output = SplitLines(process.StandardOutput.ReadToEnd());
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"spm_decode failed: {errors.Result}");
            Assert.Equal(lines.Count, output.Count);
            return output;
        }
        finally
        {
            File.Delete(input);
        }
    }

    private static List<string> SplitLines(string output)
    {
        var lines = output.Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }
        return lines;
    }

    /// <summary>The reference ids of each line: piece indices, or pieces mapped through a Marian vocab.json.</summary>
    public static List<int[]> Ids(string model, IReadOnlyList<string> lines, IReadOnlyDictionary<string, int>? vocabulary = null)
    {
        var output = Encode(model, lines, pieces: vocabulary is not null);
        return vocabulary is null
            ? [.. output.Select(line => line.Select(int.Parse).ToArray())]
            : [.. output.Select(line => line.Select(piece => vocabulary.TryGetValue(piece, out var id) ? id : vocabulary["<unk>"]).ToArray())];
    }
}
