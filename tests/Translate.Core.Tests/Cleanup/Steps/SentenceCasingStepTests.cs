using Translate.Core.Cleanup;
using Translate.Core.Cleanup.Steps;

namespace Translate.Core.Tests.Cleanup.Steps;

public sealed class SentenceCasingStepTests
{
    [Fact]
    public async Task Casing_SentenceStartingLowerCase_Capitalised()
    {
        var result = await CleanupTestKit.RunAsync("The talks ended. then both sides left.", new SentenceCasingStep());

        Assert.Equal("The talks ended. Then both sides left.", result.Text);
        Assert.Equal(EditKind.Casing, Assert.Single(result.Edits).Kind);
    }

    [Theory]
    [InlineData("It happened at 7 a.m. near the beach.")]
    [InlineData("Use tools, e.g. hammers.")]
    [InlineData("U.S. should double A.I. funding now.")]
    [InlineData("Buy it now. iPhone sales rose.")]
    [InlineData("Fruit, nuts, etc. are sold.")]
    public async Task Casing_AbbreviationsAndLowerCaseNames_LeftAlone(string input)
    {
        var result = await CleanupTestKit.RunAsync(input, new SentenceCasingStep());

        Assert.Equal(input, result.Text);
    }
}
