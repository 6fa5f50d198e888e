using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Translate.Benchmarks;

/// <summary>
/// The sentences every tokenizer gets: news from the project's dev documents in shared/ (English: article and
/// reference; French: source_text), or, without shared/, the committed sample article.
/// </summary>
internal static partial class BenchmarkSentences
{
    public static string[] Load(string language)
    {
        var dev = FindUp(Path.Combine("shared", "data", "dev")) ?? (Directory.Exists("/work/shared/data/dev") ? "/work/shared/data/dev" : null);
        var sentences = new List<string>();
        if (dev is not null)
        {
            string[] fields = language == "fr" ? ["source_text"] : ["article", "reference"];
            foreach (var file in Directory.EnumerateFiles(dev, "*.jsonl").Order(StringComparer.Ordinal))
            {
                foreach (var line in File.ReadLines(file))
                {
                    using var document = JsonDocument.Parse(line);
                    foreach (var field in fields)
                    {
                        if (document.RootElement.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String)
                        {
                            Split(value.GetString()!, sentences);
                        }
                    }
                }
            }
        }
        if (sentences.Count == 0)
        {
            var sample = FindUp(Path.Combine("tests", "data", "xi-kim-article.txt")) ?? throw new FileNotFoundException("No sentences: neither shared/data/dev nor tests/data/xi-kim-article.txt was found.");
            Split(File.ReadAllText(sample), sentences);
        }
        return [.. sentences];
    }

    public static double AverageUtf8Bytes(string[] sentences) => sentences.Sum(s => (double)Encoding.UTF8.GetByteCount(s)) / sentences.Length;

    private static void Split(string text, List<string> sentences)
    {
        foreach (var line in text.Split('\n'))
        {
            foreach (var sentence in SentenceEnd().Split(line))
            {
                if (sentence.Trim() is { Length: > 0 } trimmed)
                {
                    sentences.Add(trimmed);
                }
            }
        }
    }

    internal static string? FindUp(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relative);
            if (Path.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceEnd();
}
