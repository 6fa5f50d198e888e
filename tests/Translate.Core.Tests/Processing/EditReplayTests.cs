using Translate.Core.Cleanup;
using Translate.Core.Processing;

namespace Translate.Core.Tests.Processing;

public sealed class EditReplayTests
{
    private static ReportedEdit Edit(int start, int length, string original, string replacement) =>
        new(start, length, original, replacement, EditKind.Rewrite, "r", 0.9, "test", EditDisposition.Applied);

    [Fact]
    public void Apply_EditsAfterAstralCharacters_AddressedInCodePoints()
    {
        const string text = "😀 teh 🇫🇷 cat";

        var result = EditReplay.Apply(text, [Edit(9, 3, "cat", "dog"), Edit(2, 3, "teh", "the"), Edit(8, 0, "", "!")]);

        Assert.Equal("😀 the 🇫🇷! dog", result);
    }

    [Fact]
    public void Apply_TwoInsertionsAtOnePlace_InTheOrderGiven()
    {
        Assert.Equal("ab12c", EditReplay.Apply("abc", [Edit(2, 0, "", "1"), Edit(2, 0, "", "2")]));
    }

    [Fact]
    public void Apply_OverlappingOrForeignEdits_Throw()
    {
        Assert.Throws<ArgumentException>(() => EditReplay.Apply("abcdef", [Edit(0, 3, "abc", "x"), Edit(2, 2, "cd", "y")]));
        Assert.Throws<ArgumentException>(() => EditReplay.Apply("abcdef", [Edit(0, 3, "xyz", "x")]));
        Assert.Throws<ArgumentException>(() => EditReplay.Apply("abc", [Edit(2, 5, "c", "x")]));
    }
}
