using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Translate.Core.Tests.Tokenization;

/// <summary>
/// Real English and French sentences read at test time, never committed: the project's dev documents in shared/
/// (English: article, reference, text; French: source_text), Debian's English fortunes (package fortunes) and
/// Debian's French manual pages (package manpages-fr; Debian has no French fortunes).
/// </summary>
internal static partial class RealSentences
{
    public const string FortunesDirectory = "/usr/share/games/fortunes";
    public const string FrenchManualDirectory = "/usr/share/man/fr";

    /// <summary>shared/data/dev: $TRANSLATE_SHARED, a shared/ beside the repository or above it, or /work/shared.</summary>
    public static string? DevDirectory { get; } = FindDevDirectory();

    /// <summary>English sentences of the dev documents (article, reference, text); empty without shared/.</summary>
    public static IReadOnlyList<string> DevEnglish { get; } = LoadDev(["article", "reference", "text"]);

    /// <summary>French sentences of the dev documents (source_text); empty without shared/.</summary>
    public static IReadOnlyList<string> DevFrench { get; } = LoadDev(["source_text"]);

    /// <summary>Lines of Debian's English fortunes; empty without the package fortunes.</summary>
    public static IReadOnlyList<string> Fortunes { get; } = LoadFortunes();

    /// <summary>Sentences of Debian's French manual pages; empty without the package manpages-fr.</summary>
    public static IReadOnlyList<string> FrenchManualPages { get; } = LoadFrenchManualPages();

    public static IReadOnlyList<string> English { get; } = [.. DevEnglish, .. Fortunes];

    public static IReadOnlyList<string> French { get; } = [.. DevFrench, .. FrenchManualPages];

    private static List<string> LoadDev(string[] fields)
    {
        var sentences = new List<string>();
        if (DevDirectory is null)
        {
            return sentences;
        }
        foreach (var file in Directory.EnumerateFiles(DevDirectory, "*.jsonl").Order(StringComparer.Ordinal))
        {
            foreach (var line in File.ReadLines(file))
            {
                using var document = JsonDocument.Parse(line);
                foreach (var field in fields)
                {
                    if (document.RootElement.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        AddSentences(value.GetString()!, sentences);
                    }
                }
            }
        }
        return sentences;
    }

    private static List<string> LoadFortunes()
    {
        var sentences = new List<string>();
        if (Directory.Exists(FortunesDirectory))
        {
            foreach (var file in Directory.EnumerateFiles(FortunesDirectory).Where(path => Path.GetExtension(path) is "").Order(StringComparer.Ordinal))
            {
                foreach (var fortune in File.ReadAllText(file).Split("\n%\n"))
                {
                    AddSentences(fortune, sentences);
                }
            }
        }
        return sentences;
    }

    private static List<string> LoadFrenchManualPages()
    {
        var sentences = new List<string>();
        if (Directory.Exists(FrenchManualDirectory))
        {
            foreach (var file in Directory.EnumerateFiles(FrenchManualDirectory, "*.gz", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                using var reader = new StreamReader(new GZipStream(File.OpenRead(file), CompressionMode.Decompress));
                AddSentences(StripRoff(reader.ReadToEnd()), sentences);
            }
        }
        return sentences;
    }

    private static void AddSentences(string text, List<string> sentences)
    {
        foreach (var line in text.Split('\n'))
        {
            foreach (var sentence in SentenceEnd().Split(line))
            {
                var trimmed = sentence.Trim();
                if (trimmed.Length > 0)
                {
                    sentences.Add(trimmed);
                }
            }
        }
    }

    // Manual pages are roff: keep the text lines, drop requests and the common escapes.
    private static string StripRoff(string roff)
    {
        var lines = roff.Split('\n').Where(line => !line.StartsWith('.') && !line.StartsWith('\'') && line.Length > 0);
        var text = string.Join('\n', lines);
        text = text.Replace("\\(aq", "'").Replace("\\(em", "—").Replace("\\(en", "–").Replace("\\(Fo", "«").Replace("\\(Fc", "»")
            .Replace("\\-", "-").Replace("\\&", "").Replace("\\ ", " ").Replace("\\~", "\u00A0").Replace("\\e", "\\");
        return RoffEscape().Replace(text, "");
    }

    private static string? FindDevDirectory() =>
        SharedData.Root is { } root && Directory.Exists(Path.Combine(root, "data", "dev")) ? Path.Combine(root, "data", "dev") : null;

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\\(f\[[^\]]*\]|f\(..|f.|\(..|\*\(..|\*.|s[-+]?\d|.)")]
    private static partial Regex RoffEscape();
}
