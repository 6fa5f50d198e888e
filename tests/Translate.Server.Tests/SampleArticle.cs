namespace Translate.Server.Tests;

internal static class SampleArticle
{
    public const string FrenchCaption = "XI Jinping et Kim Jong Un ensemble en 2019.";

    public static string Text { get; } = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "xi-kim-article.txt"));

    /// <summary>The input's substring at code point offsets, as a client in any language would cut it.</summary>
    public static string SliceCodePoints(string text, int start, int length)
    {
        var codePoints = text.EnumerateRunes().ToArray();
        return string.Concat(codePoints.Skip(start).Take(length).Select(rune => rune.ToString()));
    }
}
