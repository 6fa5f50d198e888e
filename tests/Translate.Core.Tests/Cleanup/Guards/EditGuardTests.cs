using Translate.Core.Cleanup;
using Translate.Core.Cleanup.Calques;
using Translate.Core.Cleanup.Steps;

namespace Translate.Core.Tests.Cleanup.Guards;

public sealed class EditGuardTests
{
    [Fact]
    public async Task ProtectedTerm_GluedBrand_NeverSplit()
    {
        const string input = "AsiaXi Jinping spoke.\nAsia: Xi Jinping spoke.";

        var unprotected = await CleanupTestKit.RunAsync(input, new GluedWordStep());
        var protectedRun = await CleanupTestKit.RunAsync(input, new CleanupRequest("en", 0.5, ProtectedTermList: ["AsiaXi"]), new GluedWordStep());

        Assert.NotEqual(input, unprotected.Text);
        Assert.Equal(input, protectedRun.Text);
        Assert.Empty(protectedRun.Edits);
    }

    [Fact]
    public async Task ProtectedTerm_CalqueInsideTerm_NotApplied()
    {
        const string input = "The Broad Sustain Fund and broad sustain among voters.";

        var result = await CleanupTestKit.RunAsync(input, new CleanupRequest("en", 0.5, ProtectedTermList: ["broad sustain among"]), new CalqueStep());

        Assert.Equal(input, result.Text);
    }

    [Fact]
    public async Task Guard_CalqueThatLosesANumber_HeldBackAsSuggestion()
    {
        var careless = new CalqueEntry("test", "\\bsince (\\d+) years\\b", "for years", 0.9, "x", "x");

        var result = await CleanupTestKit.RunAsync("He has lived here since 12 years.", new CalqueStep([careless]));

        Assert.Equal("He has lived here since 12 years.", result.Text);
        var edit = Assert.Single(result.Edits);
        Assert.Equal(EditDisposition.Suggested, edit.Disposition);
        Assert.Contains("would lose the number '12'", edit.Reason);
    }

    [Fact]
    public async Task Guard_CalqueThatLosesAName_HeldBackAsSuggestion()
    {
        var careless = new CalqueEntry("test", "\\bmet (\\p{Lu}\\w+) in\\b", "met someone in", 0.9, "x", "x");

        var result = await CleanupTestKit.RunAsync("They met Macron in Paris.", new CalqueStep([careless]));

        Assert.Equal("They met Macron in Paris.", result.Text);
        Assert.Contains("the name 'Macron'", Assert.Single(result.Edits).Reason);
    }

    [Fact]
    public async Task Guard_WebAddress_NeverEdited()
    {
        const string input = "Read it at www.example.com/the  the/page today.";

        var result = await CleanupTestKit.RunAsync(input, new DoubledWordStep(), new MissingSpaceAfterStopStep());

        Assert.Equal(input, result.Text);
    }

    [Fact]
    public async Task MinConfidence_AboveAnEditsConfidence_EditIsSuggestedNotApplied()
    {
        const string input = "They met the the minister.";

        var result = await CleanupTestKit.RunAsync(input, new CleanupRequest("en", 0.95), new DoubledWordStep());

        Assert.Equal(input, result.Text);
        Assert.Equal(EditDisposition.Suggested, Assert.Single(result.Edits).Disposition);
    }
}
