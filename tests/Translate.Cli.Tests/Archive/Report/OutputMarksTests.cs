using Translate.Cli.Archive.Report;
using Translate.Core.Cleanup;
using Translate.Core.Processing;

namespace Translate.Cli.Tests.Archive.Report;

public sealed class OutputMarksTests
{
    [Fact]
    public void Map_AppliedEditsAfterAstralText_MarksTheReplacementsInTheOutput()
    {
        var document = ReportSamples.ArticleDocument();

        var marks = OutputMarks.Map(document.Original, document.Output, document.Edits);

        Assert.NotNull(marks);
        var runes = document.Output.EnumerateRunes().Select(r => r.ToString()).ToArray();
        string At(TextMark mark) => string.Concat(runes.Skip(mark.Start).Take(mark.Length));
        Assert.Equal("Xi Jinping", At(marks[0]));
        Assert.Equal("participated in", At(marks[2]));
        Assert.Equal(" ", At(marks[4]));
        Assert.Equal("Le sommet se tiendra à Pyongyang au printemps.", At(marks[5])); // flagged: unchanged, shifted
        Assert.Equal("the leaders", At(marks[6])); // suggested: not in the output, the original text is
        Assert.Equal("June", At(marks[7]));
    }

    [Fact]
    public void Map_OutputThatDoesNotFollowFromTheEdits_Null()
    {
        var document = ReportSamples.ArticleDocument();

        Assert.Null(OutputMarks.Map(document.Original, document.Output + "!", document.Edits));
        Assert.Null(OutputMarks.Map(document.Original, document.Original, document.Edits));
    }

    [Fact]
    public void Map_OverlappingAppliedEdits_Null()
    {
        ReportedEdit[] edits =
        [
            new(0, 3, "abc", "x", EditKind.Rewrite, "r", 0.9, "m", EditDisposition.Applied),
            new(2, 2, "cd", "y", EditKind.Rewrite, "r", 0.9, "m", EditDisposition.Applied),
        ];

        Assert.Null(OutputMarks.Map("abcde", "xye", edits));
    }
}
