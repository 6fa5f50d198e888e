using Translate.Core.Text;

namespace Translate.Core.Tests.Text;

public sealed class CodePointMapTests
{
    [Fact]
    public void ToCodePoints_TextWithoutSurrogates_IsIdentity()
    {
        var map = new CodePointMap("Xi et Kim, “ensemble” en 2019 — été.");

        Assert.Equal(36, map.CodePointLength);
        Assert.Equal(17, map.ToCodePoints(17));
        Assert.Equal((3, 6), map.ToCodePoints(new TextSpan(3, 6)));
    }

    [Fact]
    public void ToCodePoints_EmojiBeforeOffset_CountsThePairAsOne()
    {
        const string text = "a😀b😀c"; // UTF-16: a, hi, lo, b, hi, lo, c

        var map = new CodePointMap(text);

        Assert.Equal(5, map.CodePointLength);
        Assert.Equal([0, 1, 1, 2, 3, 3, 4, 5], Enumerable.Range(0, text.Length + 1).Select(map.ToCodePoints));
    }

    [Fact]
    public void ToCodePoints_SpanAfterEmoji_SelectsTheSameTextByCodePoints()
    {
        const string text = "📰 🇫🇷 XI Jinping et Kim Jong Un ensemble en 2019.";
        var utf16Start = text.IndexOf("XI", StringComparison.Ordinal);
        var span = new TextSpan(utf16Start, text.Length - utf16Start);

        var (start, length) = new CodePointMap(text).ToCodePoints(span);

        Assert.Equal("XI Jinping et Kim Jong Un ensemble en 2019.", TextAssert.SubstringByCodePoints(text, start, length));
    }

    [Fact]
    public void ToCodePoints_SpanCoveringEmoji_HasLengthOne()
    {
        var map = new CodePointMap("go 😀 now");

        Assert.Equal((3, 1), map.ToCodePoints(new TextSpan(3, 2)));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("abc", 3)]
    [InlineData("😀", 1)]
    [InlineData("😀😀😀", 3)]
    [InlineData("é a\u0301", 4)] // a combining accent is a code point of its own
    public void CountCodePoints_VariousTexts_CountsUnicodeScalarsAndLoneSurrogates(string text, int expected)
    {
        Assert.Equal(expected, CodePointMap.CountCodePoints(text));
        Assert.Equal(expected, new CodePointMap(text).CodePointLength);
    }

    [Fact]
    public void CountCodePoints_LoneSurrogates_CountOneEach()
    {
        // Not [InlineData]: test case serialization replaces lone surrogates.
        Assert.Equal(2, CodePointMap.CountCodePoints("\uD83Dx"));
        Assert.Equal(2, CodePointMap.CountCodePoints("x\uDE00"));
        Assert.Equal(2, CodePointMap.CountCodePoints("\uD83D\uD83D\uDE00")); // a lone high surrogate, then a pair
        Assert.Equal(3, new CodePointMap("\uD83D\uD83D\uDE00x").CodePointLength);
    }

    [Fact]
    public void ToCodePoints_LoneSurrogates_AreNotTakenForPairs()
    {
        const string text = "\uDE00\uD83D!"; // low then high: not a pair

        var map = new CodePointMap(text);

        Assert.Equal(3, map.CodePointLength);
        Assert.Equal(2, map.ToCodePoints(2));
    }
}
