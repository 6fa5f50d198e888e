using Translate.Core.Cleanup;
using Translate.Core.Cleanup.Steps;

namespace Translate.Core.Tests.Cleanup.Steps;

public sealed class DoubledWordStepTests
{
    [Theory]
    [InlineData("They met the the minister.", "They met the minister.")]
    [InlineData("Truly was set up in in 2016.", "Truly was set up in 2016.")]
    [InlineData("The The band played.", "The band played.")]
    [InlineData("results of a a public consultation", "results of a public consultation")]
    public async Task DoubledWord_Typo_SecondCopyRemoved(string input, string expected)
    {
        var result = await CleanupTestKit.RunAsync(input, new DoubledWordStep());

        Assert.Equal(expected, result.Text);
        var edit = Assert.Single(result.Edits);
        Assert.Equal(EditKind.DoubledWord, edit.Kind);
        Assert.Contains("written twice", edit.Reason);
    }

    [Theory]
    [InlineData("He had had enough.")]
    [InlineData("He said that that was wrong.")]
    [InlineData("It ended in\nin the end, nothing.")]
    [InlineData("He said no, no, no.")]
    [InlineData("A so-so result.")]
    public async Task DoubledWord_LegitimateOrNotAdjacent_IsLeftAlone(string input)
    {
        var result = await CleanupTestKit.RunAsync(input, new DoubledWordStep());

        Assert.Equal(input, result.Text);
    }

    [Fact]
    public async Task DoubledWord_CapitalisedBeforeName_OnlySuggested()
    {
        const string input = "News of the Roa Roa Hotel collapse spread.";

        var result = await CleanupTestKit.RunAsync(input, new DoubledWordStep());

        Assert.Equal(input, result.Text);
        Assert.Equal(EditDisposition.Suggested, Assert.Single(result.Edits).Disposition);
    }
}
