using Translate.Core.Cleanup;
using Translate.Core.Cleanup.Steps;

namespace Translate.Core.Tests.Cleanup.Steps;

public sealed class MissingSpaceAfterStopStepTests
{
    private static Task<CleanupResult> CleanAsync(string text) => CleanupTestKit.RunAsync(text, new MissingSpaceAfterStopStep());

    [Fact]
    public async Task Clean_StopGluedToNextSentence_InsertsSpace()
    {
        const string text = "He thanked the community.Dr Venter then spoke.";

        var result = await CleanAsync(text);

        Assert.Equal("He thanked the community. Dr Venter then spoke.", result.Text);
        var edit = Assert.Single(result.Edits);
        Assert.Equal(text.IndexOf("Dr", StringComparison.Ordinal), edit.Span.Start);
        Assert.Equal(0, edit.Span.Length);
        Assert.Equal(EditKind.Spacing, edit.Kind);
        Assert.Equal(EditDisposition.Applied, edit.Disposition);
        Assert.Equal("A space is missing after the '.' that ends '…community.', before the next sentence", edit.Reason);
    }

    [Theory]
    [InlineData("Talks failed!Seoul reacted.", "Talks failed! Seoul reacted.")]
    [InlineData("Who will pay?Nobody knows.", "Who will pay? Nobody knows.")]
    [InlineData("It rose to 2019.The rest fell.", "It rose to 2019. The rest fell.")]
    [InlineData("He called it “peace”.China agreed.", "He called it “peace”. China agreed.")]
    [InlineData("It was done (in May).Then it stopped.", "It was done (in May). Then it stopped.")]
    public async Task Clean_OtherStopsGluedToNextSentence_InsertSpace(string text, string expected)
    {
        var result = await CleanAsync(text);

        Assert.Equal(expected, result.Text);
    }

    [Theory]
    [InlineData("Troops of the U.S.Army and the U.S. Navy.")]
    [InlineData("Cities, e.g.Paris and Rome, agreed.")]
    [InlineData("Growth was 3.5 percent.")]
    [InlineData("It runs on ASP.NET and Node.JS servers.")]
    [InlineData("Read https://example.com/news.Asia and www.example.org/page.Html now.")]
    [InlineData("Write to desk.Chief@agency.kr today.")]
    [InlineData("Plan A.Then plan B.")]
    [InlineData("The end. The next one.")]
    public async Task Clean_StopsThatDoNotEndASentence_AreLeftAlone(string text)
    {
        var result = await CleanAsync(text);

        Assert.Equal(text, result.Text);
        Assert.Empty(result.Edits);
    }

    [Fact]
    public async Task Clean_GluedTitleAndMissingSpace_BothRepairedWithInputOffsets()
    {
        const string text = "PostedNovember 26, 2022\nHe thanked the community.Dr Venter spoke.";

        var result = await CleanupTestKit.RunAsync(text, new GluedWordStep(), new MissingSpaceAfterStopStep());

        Assert.Equal("Posted November 26, 2022\nHe thanked the community. Dr Venter spoke.", result.Text);
        Assert.Equal(
            [text.IndexOf("November", StringComparison.Ordinal), text.IndexOf("Dr", StringComparison.Ordinal)],
            result.Edits.Select(e => e.Span.Start));
        Assert.All(result.Edits, e => Assert.Equal(string.Empty, e.Original));
    }
}
