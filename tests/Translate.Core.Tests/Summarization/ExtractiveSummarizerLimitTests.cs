using System.Text;
using Translate.Core.Summarization;
using Translate.Core.Text;

namespace Translate.Core.Tests.Summarization;

public sealed class ExtractiveSummarizerLimitTests(RuntimeFixture fixture)
{
    private readonly ExtractiveSummarizer _summarizer = fixture.Runtime.Summarizer;

    [Theory]
    [InlineData(1, 1)]
    [InlineData(8, 1)]
    [InlineData(25, 2)]
    [InlineData(40, 5)]
    [InlineData(60, 3)]
    [InlineData(150, 4)]
    [InlineData(1000, 10)]
    public async Task Summarize_SampleArticle_HoldsLimitsAndQuotesSentencesInOrder(int maxWords, int maxSentences)
    {
        var text = TestData.XiKimArticle;
        var sentences = SentenceSplitter.Default.Split(text);

        var summary = await _summarizer.SummarizeAsync(text, sentences, new SummaryLimits(maxWords, maxSentences), cancellationToken: TestContext.Current.CancellationToken);

        AssertWithinLimits(summary, maxWords, maxSentences);
        AssertVerbatimInOrder(text, sentences, summary);
    }

    [Fact]
    public async Task Summarize_WordLimitBelowEverySentence_ReturnsOneCutSentence()
    {
        const string text = "Chinese President Xi Jinping has written to North Korean leader Kim Jong Un, offering to cooperate. " +
            "The letter comes as tensions are at their height on the Korean peninsula after a record series of missile tests.";
        var sentences = SentenceSplitter.Default.Split(text);

        var summary = await _summarizer.SummarizeAsync(text, sentences, new SummaryLimits(MaxWords: 5, MaxSentences: 3), cancellationToken: TestContext.Current.CancellationToken);

        var only = Assert.Single(summary.Sentences);
        Assert.EndsWith("…", only, StringComparison.Ordinal);
        Assert.Equal(5, TextAssert.Words(only));
        Assert.Contains(sentences, s => s.TextOf(text).StartsWith(only.TrimEnd('…'), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Summarize_IneligibleSentences_AreNeverChosen()
    {
        var text = TestData.XiKimArticle;
        var sentences = SentenceSplitter.Default.Split(text);
        // Only the last two sentences may be used.
        var eligible = sentences.Select((_, i) => i >= sentences.Count - 2).ToArray();

        var summary = await _summarizer.SummarizeAsync(text, sentences, new SummaryLimits(200, 5), eligible, TestContext.Current.CancellationToken);

        Assert.NotEmpty(summary.Sentences);
        var allowed = sentences.Skip(sentences.Count - 2).Select(s => s.TextOf(text)).ToArray();
        Assert.All(summary.Sentences, s => Assert.Contains(s, allowed));
    }

    [Fact]
    public async Task Summarize_NoSentences_ReturnsEmptySummary()
    {
        var summary = await _summarizer.SummarizeAsync(string.Empty, [], new SummaryLimits(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Empty(summary.Sentences);
        Assert.Equal(SummaryMethod.Extractive, summary.Method);
    }

    [Fact]
    public async Task Summarize_LongArticleOf20000Words_HoldsLimits()
    {
        var text = LongArticle(seed: 7, words: 20_000);
        var sentences = SentenceSplitter.Default.Split(text);
        Assert.True(sentences.Count > 1000, $"the generated article has only {sentences.Count} sentences");

        var summary = await _summarizer.SummarizeAsync(text, sentences, new SummaryLimits(), cancellationToken: TestContext.Current.CancellationToken);

        AssertWithinLimits(summary, SummaryLimits.DefaultMaxWords, SummaryLimits.DefaultMaxSentences);
        AssertVerbatimInOrder(text, sentences, summary);
    }

    [Fact]
    public async Task Summarize_SentenceLongerThanTheModelWindow_ReturnsItCut()
    {
        // About 3,000 words: a dozen MiniLM windows of 256 tokens.
        var text = LongArticle(seed: 11, words: 3_000).Replace("\n", " ", StringComparison.Ordinal).Replace(". ", " ", StringComparison.Ordinal);
        var sentences = SentenceSplitter.Default.Split(text);
        Assert.Single(sentences);

        var summary = await _summarizer.SummarizeAsync(text, sentences, new SummaryLimits(), cancellationToken: TestContext.Current.CancellationToken);

        AssertWithinLimits(summary, SummaryLimits.DefaultMaxWords, SummaryLimits.DefaultMaxSentences);
        Assert.StartsWith(Assert.Single(summary.Sentences).TrimEnd('…'), text, StringComparison.Ordinal);
    }

    private static void AssertWithinLimits(Summary summary, int maxWords, int maxSentences)
    {
        Assert.NotEmpty(summary.Sentences);
        Assert.True(summary.Sentences.Count <= maxSentences, $"{summary.Sentences.Count} sentences, limit {maxSentences}");
        var words = TextAssert.Words(summary.Text);
        Assert.True(words <= maxWords, $"{words} words, limit {maxWords}: {summary.Text}");
    }

    /// <summary>Every summary sentence is a sentence of the document, and they come in the document's order.</summary>
    private static void AssertVerbatimInOrder(string text, IReadOnlyList<Sentence> sentences, Summary summary)
    {
        var texts = sentences.Select(s => s.TextOf(text)).ToList();
        if (summary.Sentences is [var only] && only.EndsWith('…') && !texts.Contains(only))
        {
            Assert.Contains(texts, t => t.StartsWith(only.TrimEnd('…'), StringComparison.Ordinal));
            return;
        }
        var previous = -1;
        foreach (var sentence in summary.Sentences)
        {
            var index = texts.IndexOf(sentence, previous + 1);
            Assert.True(index > previous, $"'{sentence}' is not a document sentence after the one before it");
            previous = index;
        }
    }

    /// <summary>A deterministic news-like article: paragraphs of varied sentences from a small vocabulary.</summary>
    private static string LongArticle(int seed, int words)
    {
        string[] subjects = ["The minister", "Officials in Seoul", "The Chinese president", "Analysts", "The agency", "Kim Jong Un", "Diplomats", "The council"];
        string[] verbs = ["said", "warned", "announced", "reported", "denied", "confirmed", "suggested", "argued"];
        string[] objects = ["that talks would resume", "new sanctions on exports", "a record series of missile tests", "plans to cooperate on trade",
            "that the summit was postponed", "a rise in food prices", "the launch of a satellite", "an agreement on fishing rights"];
        string[] tails = ["on Monday", "in a statement", "after the meeting", "despite protests", "in the capital", "for the second time this year"];
        var random = new Random(seed);
        var builder = new StringBuilder();
        var count = 0;
        var inParagraph = 0;
        while (count < words)
        {
            var sentence = $"{subjects[random.Next(subjects.Length)]} {verbs[random.Next(verbs.Length)]} {objects[random.Next(objects.Length)]} {tails[random.Next(tails.Length)]}.";
            builder.Append(sentence);
            count += TextAssert.Words(sentence);
            if (++inParagraph == 6)
            {
                builder.Append('\n');
                inParagraph = 0;
            }
            else
            {
                builder.Append(' ');
            }
        }
        return builder.ToString();
    }
}
