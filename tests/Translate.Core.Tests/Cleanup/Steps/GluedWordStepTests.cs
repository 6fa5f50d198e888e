using Translate.Core.Cleanup;
using Translate.Core.Cleanup.Steps;

namespace Translate.Core.Tests.Cleanup.Steps;

public sealed class GluedWordStepTests
{
    private static Task<CleanupResult> CleanAsync(string text) => CleanupTestKit.RunAsync(text, new GluedWordStep());

    [Fact]
    public async Task Clean_TitleGluedToNameSeenAloneElsewhere_InsertsSpace()
    {
        const string text = "Asia: Xi Jinping writes to Kim\nAsiaXi Jinping offers Kim Jong Un to cooperate.";

        var result = await CleanAsync(text);

        Assert.Equal("Asia: Xi Jinping writes to Kim\nAsia Xi Jinping offers Kim Jong Un to cooperate.", result.Text);
        var edit = Assert.Single(result.Edits);
        Assert.Equal(text.IndexOf("AsiaXi", StringComparison.Ordinal) + 4, edit.Span.Start);
        Assert.Equal(0, edit.Span.Length);
        Assert.Equal(" ", edit.Replacement);
        Assert.Equal(EditKind.GluedWords, edit.Kind);
        Assert.Equal(EditDisposition.Applied, edit.Disposition);
        Assert.Equal("rules:glued-words", edit.Engine);
        Assert.Equal("'AsiaXi' is 'Asia' glued to 'Xi', both of which stand alone elsewhere in the document; a space was lost between them", edit.Reason);
    }

    [Fact]
    public async Task Clean_DatelineWordGluedToMonth_InsertsSpace()
    {
        var result = await CleanAsync("PostedNovember 26, 2022, 06:51 am\nThe letter arrived.");

        Assert.Equal("Posted November 26, 2022, 06:51 am\nThe letter arrived.", result.Text);
        var edit = Assert.Single(result.Edits);
        Assert.Contains("'PostedNovember'", edit.Reason, StringComparison.Ordinal);
        Assert.Contains("dateline word 'Posted'", edit.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clean_WordGluedToDateWord_InsertsSpace()
    {
        var result = await CleanAsync("The TimesMonday edition reached readers OnSaturday.");

        // "On" has a single lower-case letter before the capital: too little to tell a glued word from a name.
        Assert.Equal("The Times Monday edition reached readers OnSaturday.", result.Text);
        Assert.Contains("'Times' glued to the date word 'Monday'", Assert.Single(result.Edits).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clean_GluedWordWithoutEvidence_IsLeftAlone()
    {
        const string text = "AsiaXi Jinping offers Kim Jong Un to cooperate.";

        var result = await CleanAsync(text);

        Assert.Equal(text, result.Text);
        Assert.Empty(result.Edits);
    }

    [Fact]
    public async Task Clean_GluedWordSeenTwice_IsTakenAsSpelledOnPurpose()
    {
        const string text = "Asia and Xi. AsiaXi is a fund. AsiaXi grew.";

        var result = await CleanAsync(text);

        Assert.Equal(text, result.Text);
    }

    [Theory]
    [InlineData("Mac and Donald met. McDonald and MacDonald said so.")]
    [InlineData("My phone broke. The iPhone did not.")]
    [InlineData("He holds a PhD from Seoul. Ph and D are letters.")]
    [InlineData("You know the Tube. YouTube removed the video.")]
    [InlineData("Sales rose, e.g. in Asia, by 3.5 percent.")]
    [InlineData("Read Asia and News at https://example.com/AsiaNews today.")]
    [InlineData("Read Asia and News at www.example.com/AsiaNews today.")]
    [InlineData("The U.S. and ASP.NET stay as they are.")]
    [InlineData("Glaxo Smith Kline merged into GlaxoSmithKline.")]
    public async Task Clean_WordsSpelledWithInnerCapitals_AreLeftAlone(string text)
    {
        var result = await CleanAsync(text);

        Assert.Equal(text, result.Text);
        Assert.Empty(result.Edits);
    }

    [Fact]
    public async Task Propose_SampleTitleAndDateline_ProposesOnlyTheTwoSplits()
    {
        var text = TestData.XiKimArticle;

        var edits = await CleanupTestKit.ProposeAsync(new GluedWordStep(), text);

        Assert.Equal(
            [text.IndexOf("PostedNovember", StringComparison.Ordinal) + 6, text.IndexOf("AsiaXi", StringComparison.Ordinal) + 4],
            edits.Select(e => e.Span.Start).Order());
        Assert.All(edits, e => Assert.InRange(e.Confidence, 0.5, 1));
    }

    [Fact]
    public async Task GluedWords_PageLabelBeforeHeadline_LabelRemoved()
    {
        const string input = "PostedMacedonians go to polls in referendum\nThe vote is on Sunday.";

        var result = await CleanupTestKit.RunAsync(input, new GluedWordStep());

        Assert.Equal("Macedonians go to polls in referendum\nThe vote is on Sunday.", result.Text);
        var edit = Assert.Single(result.Edits);
        Assert.Equal("Posted", edit.Original);
        Assert.Contains("page label", edit.Reason);
    }

    [Fact]
    public async Task GluedWords_HeadlineGluedToNextParagraph_Split()
    {
        const string input = "Man held over shooting deathPolice say a man has been arrested. Police found him at home.";

        var result = await CleanupTestKit.RunAsync(input, new GluedWordStep());

        Assert.StartsWith("Man held over shooting death Police say", result.Text);
    }

    [Theory]
    [InlineData("She bought an iPhone and an eBay voucher.")]
    [InlineData("The macOS update shipped.")]
    [InlineData("Posted by the editors.")]
    public async Task GluedWords_LowerCaseBrands_LeftAlone(string input)
    {
        var result = await CleanupTestKit.RunAsync(input, new GluedWordStep());

        Assert.Equal(input, result.Text);
    }
}
