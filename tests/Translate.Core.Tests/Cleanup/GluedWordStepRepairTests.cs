using Translate.Core.Cleanup;

namespace Translate.Core.Tests.Cleanup;

public sealed class GluedWordStepRepairTests
{
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
