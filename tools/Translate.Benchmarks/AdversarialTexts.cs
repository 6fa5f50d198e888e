using System.Text;

namespace Translate.Benchmarks;

/// <summary>
/// Texts of a given length in code points, shaped as hostile input is (issue 14), and prose of the same length to
/// measure them against: the sample article repeated.
/// </summary>
internal static class AdversarialTexts
{
    public static readonly string[] Shapes =
    [
        "prose", "one-word", "mixed-scripts-no-spaces", "one-word-sentences", "nested-quotes-and-brackets",
        "only-punctuation", "combining-marks", "long-urls", "the-the",
    ];

    private static readonly string[] Scripts = ["abcdefghij", "абвгдежзий", "日本語中文字漢字", "العربيةكلمة", "αβγδεζηθ", "0123456789", ".,;:!?-'"];

    /// <summary>A text of <paramref name="shape"/>, <paramref name="codePoints"/> code points long (all in the BMP).</summary>
    public static string Make(string shape, int codePoints)
    {
        var random = new Random(7);
        return shape switch
        {
            "prose" => Repeat(codePoints, _ => Prose() + "\n\n"),
            "one-word" => Repeat(codePoints, _ => ((char)('a' + random.Next(26))).ToString()),
            "mixed-scripts-no-spaces" => Repeat(codePoints, _ => Scripts[random.Next(Scripts.Length)][random.Next(7)].ToString()),
            "one-word-sentences" => Repeat(codePoints, _ => "Word. "),
            // Openers down to the middle, closers back out: one nesting as deep as the text allows.
            "nested-quotes-and-brackets" => Repeat(codePoints, i => i < codePoints / 2 ? "«(“[{\"'‘"[i % 8].ToString() : "»)”]}\"'’"[i % 8].ToString()),
            "only-punctuation" => Repeat(codePoints, _ => ".,;:!?-()[]«»\"'…—"[random.Next(17)].ToString()),
            "combining-marks" => Repeat(codePoints, i => i % 10_000 == 0 ? " a" : "\u0301"),
            "long-urls" => Repeat(codePoints, i => $"https://example.com/{new string('a', 2_000)}/page?id={i}&ref=x#top "),
            "the-the" => Repeat(codePoints, _ => "the the "),
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, $"Known shapes: {string.Join(", ", Shapes)}."),
        };
    }

    private static string Prose() =>
        File.ReadAllText(BenchmarkSentences.FindUp(Path.Combine("tests", "data", "xi-kim-article.txt"))
            ?? throw new FileNotFoundException("tests/data/xi-kim-article.txt was not found above the working folder."));

    private static string Repeat(int length, Func<int, string> piece)
    {
        var builder = new StringBuilder(length + 4_096);
        for (var i = 0; builder.Length < length; i++)
        {
            builder.Append(piece(i));
        }
        return builder.ToString(0, length);
    }
}
