using System.Text;
using Translate.Core.Cleanup;
using Translate.Core.Processing;

namespace Translate.Core.Tests.Processing;

public sealed class DocumentProcessorTests(RuntimeFixture fixture)
{
    private readonly DocumentProcessor _processor = fixture.Processor;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Process_SampleArticle_SplitsGluedTitleAndDateline()
    {
        var result = await _processor.ProcessAsync(new DocumentRequest("xi-kim", TestData.XiKimArticle), cancellationToken: Cancellation);

        Assert.Contains("\nAsia Xi Jinping offers Kim Jong Un to cooperate for world peace\n", result.Text, StringComparison.Ordinal);
        Assert.Contains("\nPosted November 26, 2022, 06:51 am\n", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("AsiaXi", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("PostedNovember", result.Text, StringComparison.Ordinal);
        var applied = result.Edits.Where(e => e.Disposition == EditDisposition.Applied).ToArray();
        Assert.All(applied, e => Assert.False(string.IsNullOrWhiteSpace(e.Reason)));
        Assert.Equal(result.Text, ApplyByCodePoints(TestData.XiKimArticle, applied));
    }

    [Fact]
    public async Task Process_SampleArticle_TranslatesOrFlagsFrenchCaptionAtItsCodePointOffsets()
    {
        var result = await _processor.ProcessAsync(new DocumentRequest("xi-kim", TestData.XiKimArticle), cancellationToken: Cancellation);

        var edit = Assert.Single(result.Edits, e => e.Kind == EditKind.Untranslated);
        Assert.Equal(TestData.FrenchCaption, edit.Original);
        Assert.Equal(TestData.FrenchCaption, TextAssert.SubstringByCodePoints(TestData.XiKimArticle, edit.Start, edit.Length));
        Assert.Contains("French", edit.Reason, StringComparison.Ordinal);
        if (fixture.Runtime.Models.Any(m => m.Name == "apertium" && m.Ready))
        {
            Assert.Equal(EditDisposition.Applied, edit.Disposition);
            Assert.Equal("Xi Jinping and Kim Jong Un together in 2019.", edit.Replacement);
            Assert.DoesNotContain(TestData.FrenchCaption, result.Text, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(EditDisposition.Flagged, edit.Disposition);
            Assert.Contains(TestData.FrenchCaption, result.Text, StringComparison.Ordinal); // flagged, not removed
        }
    }

    [Fact]
    public async Task Process_EmojiBeforeCaption_ReportsOffsetsInCodePoints()
    {
        var text = "📰🇫🇷 " + TestData.XiKimArticle;

        var result = await _processor.ProcessAsync(new DocumentRequest("emoji", text), cancellationToken: Cancellation);

        Assert.NotEmpty(result.Edits);
        Assert.All(result.Edits, e => Assert.Equal(e.Original, TextAssert.SubstringByCodePoints(text, e.Start, e.Length)));
        var flag = Assert.Single(result.Edits, e => e.Kind == EditKind.Untranslated);
        Assert.Equal(TestData.FrenchCaption, TextAssert.SubstringByCodePoints(text, flag.Start, flag.Length));
        Assert.All(result.Segments, s => Assert.NotEqual(string.Empty, TextAssert.SubstringByCodePoints(text, s.Start, s.Length).Trim()));
        var caption = Assert.Single(result.Segments, s => TextAssert.SubstringByCodePoints(text, s.Start, s.Length) == TestData.FrenchCaption);
        Assert.Equal("fr", caption.Language);
        Assert.Equal(result.Text, ApplyByCodePoints(text, result.Edits.Where(e => e.Disposition == EditDisposition.Applied)));
    }

    [Fact]
    public async Task Process_SampleArticleWithCrLf_MakesTheSameRepairs()
    {
        var text = TestData.XiKimArticle.ReplaceLineEndings("\r\n");

        var result = await _processor.ProcessAsync(new DocumentRequest("crlf", text), cancellationToken: Cancellation);

        var lf = await _processor.ProcessAsync(new DocumentRequest("lf", TestData.XiKimArticle), cancellationToken: Cancellation);
        Assert.Equal(lf.Text.ReplaceLineEndings("\r\n"), result.Text);
        Assert.Equal(lf.Edits.Select(e => (e.Original, e.Replacement, e.Kind)), result.Edits.Select(e => (e.Original, e.Replacement, e.Kind)));
        Assert.All(result.Edits, e => Assert.Equal(e.Original, TextAssert.SubstringByCodePoints(text, e.Start, e.Length)));
        Assert.Equal(lf.Summary!.Sentences, result.Summary!.Sentences);
    }

    [Fact]
    public async Task Process_SampleArticle_SummaryIsShortVerbatimAndInOrder()
    {
        var result = await _processor.ProcessAsync(new DocumentRequest("xi-kim", TestData.XiKimArticle), cancellationToken: Cancellation);

        var summary = Assert.IsType<Translate.Core.Summarization.Summary>(result.Summary);
        Assert.NotEmpty(summary.Sentences);
        Assert.InRange(summary.Sentences.Count, 1, 3);
        Assert.InRange(TextAssert.Words(summary.Text), 1, Translate.Core.Summarization.SummaryLimits.DefaultMaxWords);
        var previous = -1;
        foreach (var sentence in summary.Sentences)
        {
            var position = result.Text.IndexOf(sentence, StringComparison.Ordinal);
            Assert.True(position > previous, $"'{sentence}' is not verbatim from the text after the sentence before it");
            previous = position;
        }
        Assert.DoesNotContain(summary.Sentences, s => s.Contains("ensemble", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(30, 1)]
    [InlineData(100, 5)]
    public async Task Process_RequestedSummaryLimits_AreHeld(int maxWords, int maxSentences)
    {
        var result = await _processor.ProcessAsync(new DocumentRequest("xi-kim", TestData.XiKimArticle),
            new ProcessingRequestOptions(MaxWords: maxWords, MaxSentences: maxSentences), Cancellation);

        Assert.InRange(result.Summary!.Sentences.Count, 1, maxSentences);
        Assert.InRange(TextAssert.Words(result.Summary.Text), 1, maxWords);
    }

    [Fact]
    public async Task Summarize_SampleArticle_LeavesTextAndEditsAlone()
    {
        var result = await _processor.SummarizeAsync(new DocumentRequest("xi-kim", TestData.XiKimArticle), cancellationToken: Cancellation);

        Assert.Equal(TestData.XiKimArticle, result.Text);
        Assert.Empty(result.Edits);
        Assert.NotNull(result.Summary);
    }

    [Fact]
    public async Task Clean_SampleArticle_ReturnsNoSummary()
    {
        var result = await _processor.CleanAsync(new DocumentRequest("xi-kim", TestData.XiKimArticle), cancellationToken: Cancellation);

        Assert.Null(result.Summary);
        Assert.Contains("Asia Xi Jinping", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_ReferenceQualityEnglish_MakesNoEdit()
    {
        const string text =
            "Seoul: Allies hold talks on missile tests\n" +
            "Published November 27, 2022\n" +
            "\n" +
            "South Korea, Japan and the U.S. agreed on Sunday to share missile-warning data in real time. " +
            "The decision, announced by Dr. Park Jin in Seoul, follows a record series of launches by Pyongyang.\n" +
            "“We cannot ignore these provocations,” said Mr. Park. He added that talks would resume in January.\n" +
            "Officials said the programme would cost about 3.5 billion won, roughly $2.6 million, in its first year. " +
            "Details were posted on the ministry's website, mofa.go.kr, and on https://example.com/AsiaNews.\n" +
            "McDonald's and other U.S. firms in the region said their operations were unaffected. " +
            "An iPhone video shared on YouTube showed crowds watching the news at a station in Seoul.";

        var result = await _processor.ProcessAsync(new DocumentRequest("clean", text), cancellationToken: Cancellation);

        Assert.Equal(text, result.Text);
        Assert.Empty(result.Edits);
        Assert.All(result.Segments, s => Assert.NotEqual("fr", s.Language));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\r\n\t \n")]
    public async Task Process_NoText_ThrowsNamingTheMissingText(string text)
    {
        var exception = await Assert.ThrowsAsync<InvalidDocumentException>(
            () => _processor.ProcessAsync(new DocumentRequest("doc-1", text), cancellationToken: Cancellation));

        Assert.Contains("Document 'doc-1' has no text", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_TextOverTheLimit_ThrowsNamingLengthAndSetting()
    {
        var text = new string('a', RuntimeFixture.MaxTextCodePoints + 1);

        var exception = await Assert.ThrowsAsync<InvalidDocumentException>(
            () => _processor.ProcessAsync(new DocumentRequest("big", text), cancellationToken: Cancellation));

        Assert.Contains("10,001 code points", exception.Message, StringComparison.Ordinal);
        Assert.Contains("limit of 10,000", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Processing:MaxTextCodePoints", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clean_TextAtTheLimitInCodePoints_IsAcceptedThoughLongerInUtf16()
    {
        var text = new StringBuilder().Insert(0, "😀 ", RuntimeFixture.MaxTextCodePoints / 2).ToString();
        Assert.True(text.Length > RuntimeFixture.MaxTextCodePoints);

        var result = await _processor.CleanAsync(new DocumentRequest("emoji", text), cancellationToken: Cancellation);

        Assert.Equal(text, result.Text);
    }

    [Theory]
    [InlineData("xx")]
    [InlineData("english")]
    public async Task Process_UnknownTargetLanguage_ThrowsNamingTheField(string language)
    {
        var exception = await Assert.ThrowsAsync<InvalidDocumentException>(
            () => _processor.ProcessAsync(new DocumentRequest("doc-2", "Xi wrote to Kim.", TargetLanguage: language), cancellationToken: Cancellation));

        Assert.Contains($"target_language '{language}'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("ISO 639-1", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_UnknownSourceLanguage_ThrowsNamingTheField()
    {
        var exception = await Assert.ThrowsAsync<InvalidDocumentException>(
            () => _processor.ProcessAsync(new DocumentRequest("doc-3", "Xi wrote to Kim.", SourceLanguage: "zz"), cancellationToken: Cancellation));

        Assert.Contains("source_language 'zz'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_UpperCaseTargetLanguage_IsAccepted()
    {
        var result = await _processor.ProcessAsync(new DocumentRequest("doc-4", "Xi Jinping wrote a long letter to Kim Jong Un on Saturday.", TargetLanguage: "EN"), cancellationToken: Cancellation);

        Assert.Empty(result.Edits);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    public async Task Process_MinConfidenceOutOfRange_Throws(double minConfidence)
    {
        var exception = await Assert.ThrowsAsync<InvalidDocumentException>(
            () => _processor.ProcessAsync(new DocumentRequest("doc-5", "Xi wrote to Kim."), new ProcessingRequestOptions(MinConfidence: minConfidence), Cancellation));

        Assert.Contains("min_confidence", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_HighMinConfidence_SuggestsInsteadOfApplying()
    {
        var result = await _processor.ProcessAsync(new DocumentRequest("xi-kim", TestData.XiKimArticle),
            new ProcessingRequestOptions(MinConfidence: 0.99), Cancellation);

        Assert.Equal(TestData.XiKimArticle, result.Text);
        Assert.Contains(result.Edits, e => e.Kind == EditKind.GluedWords && e.Disposition == EditDisposition.Suggested && e.Replacement == " ");
    }

    private static string ApplyByCodePoints(string input, IEnumerable<ReportedEdit> edits)
    {
        var runes = input.EnumerateRunes().Select(r => r.ToString()).ToArray();
        var builder = new StringBuilder();
        var position = 0;
        foreach (var edit in edits.OrderBy(e => e.Start).ThenBy(e => e.Length))
        {
            builder.Append(string.Concat(runes[position..edit.Start])).Append(edit.Replacement);
            position = edit.Start + edit.Length;
        }
        return builder.Append(string.Concat(runes[position..])).ToString();
    }
}
