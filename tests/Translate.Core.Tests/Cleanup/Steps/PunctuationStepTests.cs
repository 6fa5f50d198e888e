using Translate.Core.Cleanup.Steps;

namespace Translate.Core.Tests.Cleanup.Steps;

public sealed class PunctuationStepTests
{
    [Theory]
    [InlineData("He said « yes » and left.", "He said \"yes\" and left.")]
    [InlineData("« Yuan, » he said.", "\"Yuan,\" he said.")]
    [InlineData("She called it “odd” and « strange ».", "She called it “odd” and “strange”.")]
    [InlineData("He said : it is over.", "He said: it is over.")]
    [InlineData("Is it over ?", "Is it over?")]
    [InlineData("Record heat in 1950 !", "Record heat in 1950!")]
    [InlineData("It starts at 10 :15 today.", "It starts at 10:15 today.")]
    [InlineData("Prices rose 5 % in May.", "Prices rose 5% in May.")]
    [InlineData("France and the UK , who condemned it.", "France and the UK, who condemned it.")]
    [InlineData("The vote was close .", "The vote was close.")]
    [InlineData("The  vote   was close.", "The vote was close.")]
    public async Task Punctuation_FrenchOrCarelessTypography_BecomesEnglish(string input, string expected)
    {
        var result = await CleanupTestKit.RunAsync(input, new PunctuationStep());

        Assert.Equal(expected, result.Text);
        Assert.All(result.Edits, edit => Assert.False(string.IsNullOrWhiteSpace(edit.Reason)));
    }

    [Theory]
    [InlineData("See https://example.com/a :b for details.")]
    [InlineData("Scores: 3-1, then 2-2.")]
    [InlineData("    Indented line stays indented.")]
    [InlineData("A list . . . of dots.")]
    public async Task Punctuation_CorrectText_IsLeftAlone(string input)
    {
        var result = await CleanupTestKit.RunAsync(input, new PunctuationStep());

        Assert.Equal(input, result.Text);
    }
}
