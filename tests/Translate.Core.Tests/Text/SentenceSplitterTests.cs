using Translate.Core.Text;

namespace Translate.Core.Tests.Text;

public sealed class SentenceSplitterTests
{
    private static readonly SentenceSplitter Splitter = SentenceSplitter.Default;

    private static string[] SentencesOf(string text) => Splitter.Split(text).Select(s => s.TextOf(text)).ToArray();

    [Fact]
    public void Split_TwoSentences_ReturnsExactOffsets()
    {
        const string text = "  The talks ended. Both sides left.  ";

        var sentences = Splitter.Split(text);

        Assert.Equal(2, sentences.Count);
        Assert.Equal(new TextSpan(2, 16), sentences[0].Span);
        Assert.Equal("The talks ended.", sentences[0].TextOf(text));
        Assert.Equal(new TextSpan(19, 16), sentences[1].Span);
        Assert.Equal("Both sides left.", sentences[1].TextOf(text));
    }

    [Fact]
    public void Split_EveryLine_IsItsOwnParagraph()
    {
        const string text = "Asia: Xi writes to Kim\nPosted November 26, 2022\nThe letter arrived. It was read aloud.";

        var sentences = Splitter.Split(text);

        Assert.Equal(
            [("Asia: Xi writes to Kim", 0), ("Posted November 26, 2022", 1), ("The letter arrived.", 2), ("It was read aloud.", 2)],
            sentences.Select(s => (s.TextOf(text), s.Paragraph)));
    }

    [Fact]
    public void Split_BlankLines_SeparateParagraphsWithoutEmptySentences()
    {
        const string text = "First paragraph.\n\n\n   \nSecond paragraph.\n\n";

        var sentences = Splitter.Split(text);

        Assert.Equal(
            [("First paragraph.", 0), ("Second paragraph.", 1)],
            sentences.Select(s => (s.TextOf(text), s.Paragraph)));
    }

    [Fact]
    public void Split_HardWrappedLineStartingLowercase_ContinuesTheSentence()
    {
        const string text = "The minister said that the\nplan would fail. Nobody replied.";

        var sentences = Splitter.Split(text);

        Assert.Equal(
            [("The minister said that the\nplan would fail.", 0), ("Nobody replied.", 0)],
            sentences.Select(s => (s.TextOf(text), s.Paragraph)));
    }

    [Fact]
    public void Split_LowercaseLineAfterFullStop_StartsANewParagraph()
    {
        const string text = "The minister left.\nthe plan failed.";

        var sentences = Splitter.Split(text);

        Assert.Equal(
            [("The minister left.", 0), ("the plan failed.", 1)],
            sentences.Select(s => (s.TextOf(text), s.Paragraph)));
    }

    [Fact]
    public void Split_LowercaseLineAfterBlankLine_StartsANewParagraph()
    {
        const string text = "A title without a stop\n\nthe body starts here.";

        var sentences = Splitter.Split(text);

        Assert.Equal(
            [("A title without a stop", 0), ("the body starts here.", 1)],
            sentences.Select(s => (s.TextOf(text), s.Paragraph)));
    }

    [Theory]
    [InlineData("Mr. Smith arrived in Paris. He sat down.", "Mr. Smith arrived in Paris.", "He sat down.")]
    [InlineData("Dr. Venter spoke first. The others agreed.", "Dr. Venter spoke first.", "The others agreed.")]
    [InlineData("She flew to St. Petersburg on Monday. Talks began.", "She flew to St. Petersburg on Monday.", "Talks began.")]
    [InlineData("J. K. Rowling wrote the book. It sold well.", "J. K. Rowling wrote the book.", "It sold well.")]
    [InlineData("The U.S. President spoke to Kim. Seoul listened.", "The U.S. President spoke to Kim.", "Seoul listened.")]
    [InlineData("Growth reached 3.5 percent in May. Prices rose.", "Growth reached 3.5 percent in May.", "Prices rose.")]
    public void Split_AbbreviationsInitialsAcronymsAndDecimals_DoNotEndTheSentence(string text, string first, string second)
    {
        Assert.Equal([first, second], SentencesOf(text));
    }

    [Fact]
    public void Split_DottedAcronymBeforeSentenceOpener_EndsTheSentence()
    {
        const string text = "Kim threatened the U.S. The move alarmed Seoul.";

        Assert.Equal(["Kim threatened the U.S.", "The move alarmed Seoul."], SentencesOf(text));
    }

    [Fact]
    public void Split_ClosingQuoteAfterFullStop_StaysWithItsSentence()
    {
        const string text = "Xi called for “accelerating peace.” He said more.";

        Assert.Equal(["Xi called for “accelerating peace.”", "He said more."], SentencesOf(text));
    }

    [Fact]
    public void Split_QuestionInQuotesBeforeLowercase_DoesNotEndTheSentence()
    {
        const string text = "“Why now?” he asked. Nobody knew.";

        Assert.Equal(["“Why now?” he asked.", "Nobody knew."], SentencesOf(text));
    }

    [Fact]
    public void Split_OpeningQuoteAfterFullStop_StartsTheNextSentence()
    {
        const string text = "The letter was short. “The world is changing,” Xi wrote.";

        Assert.Equal(["The letter was short.", "“The world is changing,” Xi wrote."], SentencesOf(text));
    }

    [Fact]
    public void Split_EllipsisInBracketsBeforeLowercase_DoesNotEndTheSentence()
    {
        const string text = "I am ready to contribute positively (…) to accelerating peace. China agreed.";

        Assert.Equal(["I am ready to contribute positively (…) to accelerating peace.", "China agreed."], SentencesOf(text));
    }

    [Fact]
    public void Split_ExclamationAndQuestionMarks_EndSentences()
    {
        const string text = "Peace now! Who would refuse? Nobody did?! Then it began.";

        Assert.Equal(["Peace now!", "Who would refuse?", "Nobody did?!", "Then it began."], SentencesOf(text));
    }

    [Fact]
    public void Split_CrLfLineEnds_ExcludesCarriageReturnsFromSentences()
    {
        const string text = "Title line\r\nFirst sentence. Second one.\r\n\r\nLast paragraph.\r\n";

        var sentences = Splitter.Split(text);

        Assert.Equal(
            [("Title line", 0), ("First sentence.", 1), ("Second one.", 1), ("Last paragraph.", 2)],
            sentences.Select(s => (s.TextOf(text), s.Paragraph)));
        Assert.Equal(text.IndexOf("Last", StringComparison.Ordinal), sentences[3].Start);
    }

    [Fact]
    public void Split_CrLfHardWrappedLine_ContinuesTheSentence()
    {
        const string text = "The minister said that the\r\nplan would fail.";

        Assert.Equal(["The minister said that the\r\nplan would fail."], SentencesOf(text));
    }

    [Fact]
    public void Split_EmptyText_ReturnsNoSentences()
    {
        Assert.Empty(Splitter.Split(string.Empty));
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("\n\n")]
    [InlineData(" \t\r\n \r\n\u00A0 ")]
    public void Split_OnlyWhiteSpace_ReturnsNoSentences(string text)
    {
        Assert.Empty(Splitter.Split(text));
    }

    [Fact]
    public void Split_TextWithoutFinalStop_ReturnsWholeLineAsOneSentence()
    {
        const string text = "PostedNovember 26, 2022, 06:51 am";

        Assert.Equal([text], SentencesOf(text));
    }

    [Fact]
    public void Split_SampleArticle_SentencesAreTrimmedAndInOrder()
    {
        var text = TestData.XiKimArticle;

        var sentences = Splitter.Split(text);

        Assert.Contains("XI Jinping et Kim Jong Un ensemble en 2019.", sentences.Select(s => s.TextOf(text)));
        Assert.Contains("“Faced with this new situation, I am ready, together with you, to contribute positively (…) to accelerating peace, " +
            "stability, development and prosperity in the region and the rest of the world”, he continued.", sentences.Select(s => s.TextOf(text)));
        for (var i = 0; i < sentences.Count; i++)
        {
            var sentence = sentences[i].TextOf(text);
            Assert.Equal(sentence.Trim(), sentence);
            Assert.NotEmpty(sentence);
            if (i > 0)
            {
                Assert.True(sentences[i].Start >= sentences[i - 1].End, $"sentence {i} overlaps the one before it");
                Assert.True(sentences[i].Paragraph >= sentences[i - 1].Paragraph);
            }
        }
    }
}
