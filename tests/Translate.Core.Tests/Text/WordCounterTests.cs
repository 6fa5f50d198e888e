using Translate.Core.Text;

namespace Translate.Core.Tests.Text;

public sealed class WordCounterTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("   \n\t ", 0)]
    [InlineData("Peace", 1)]
    [InlineData("Xi Jinping offers Kim Jong Un to cooperate.", 8)]
    [InlineData("  spaced   out\r\nwords  ", 3)]
    [InlineData("Growth of 3.5 percent in 2019", 6)]
    [InlineData("Kim — and Xi – met (…) today", 5)] // dashes and brackets alone are not words
    [InlineData("“accelerate peace”, he said.", 4)]
    [InlineData("北京 和 平壤", 3)]
    public void Count_VariousTexts_CountsWordsAsAReaderWould(string text, int expected)
    {
        Assert.Equal(expected, WordCounter.Count(text));
    }

    [Fact]
    public void Truncate_LongerText_KeepsFirstWordsAndAddsEllipsis()
    {
        Assert.Equal("Xi Jinping offers…", WordCounter.Truncate("Xi Jinping offers Kim Jong Un peace.", 3));
    }

    [Fact]
    public void Truncate_CutAfterComma_DropsTheComma()
    {
        Assert.Equal("In May, Beijing…", WordCounter.Truncate("In May, Beijing, Moscow and others vetoed it.", 3));
    }

    [Fact]
    public void Truncate_DashesBetweenWords_AreNotCountedAsWords()
    {
        Assert.Equal("Kim — and Xi…", WordCounter.Truncate("Kim — and Xi – met (…) today", 3));
    }

    [Theory]
    [InlineData("Xi met Kim.", 3)]
    [InlineData("Xi met Kim.", 10)]
    [InlineData("Xi met Kim.  \n", 3)] // white space after the last word is not a cut
    public void Truncate_TextWithinLimit_ReturnsTextUnchanged(string text, int maxWords)
    {
        Assert.Equal(text, WordCounter.Truncate(text, maxWords));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(12)]
    public void Truncate_AnyLimit_ResultHasAtMostThatManyWords(int maxWords)
    {
        const string text = "Chinese President Xi Jinping has written to North Korean leader Kim Jong Un, offering to cooperate.";

        var truncated = WordCounter.Truncate(text, maxWords);

        Assert.Equal(maxWords, WordCounter.Count(truncated));
        Assert.StartsWith(truncated.TrimEnd('…'), text, StringComparison.Ordinal);
    }
}
