using System.Text;
using Translate.Cli.Archive.Report;
using Translate.Core.Cleanup;
using Translate.Core.Processing;

namespace Translate.Cli.Tests.Archive.Report;

public sealed class HighlightedTextTests
{
    private static ReportedEdit Edit(int start, int length, EditKind kind = EditKind.Calque, EditDisposition disposition = EditDisposition.Applied) =>
        new(start, length, "", "", kind, "why", 0.9, "rules", disposition);

    private static string Write(string text, params ReportedEdit[] edits)
    {
        var html = new StringBuilder();
        HighlightedText.Write(html, text, edits.Select((e, i) => new TextMark(e.Start, e.Length, i)).ToList(), edits);
        return html.ToString();
    }

    /// <summary>The text inside each mark span, in order.</summary>
    private static string[] Marked(string html) =>
        System.Text.RegularExpressions.Regex.Matches(html, "<span class=\"m[^\"]*\"[^>]*>([^<]*)</span>").Select(m => m.Groups[1].Value).ToArray();

    [Fact]
    public void Write_AstralCharactersBeforeTheEdit_OffsetsCountCodePoints()
    {
        // 😀 and 𝔸 are two UTF-16 units each but one code point: the edit at code point 5 is "word".
        var html = Write("😀𝔸 a word", Edit(5, 4));

        Assert.Equal(["word"], Marked(html));
        Assert.StartsWith("😀𝔸 a <span", html);
    }

    [Fact]
    public void Write_EditOverAnAstralCharacter_KeepsTheSurrogatePairWhole()
    {
        var html = Write("a🇰🇷b", Edit(1, 2));

        Assert.Equal(["🇰🇷"], Marked(html));
    }

    [Fact]
    public void Write_FlaggedSentenceHoldingAnAppliedFix_CutIntoPiecesWithBothMarkings()
    {
        var html = Write("Il est. Done", Edit(0, 7, EditKind.Untranslated, EditDisposition.Flagged), Edit(3, 3, EditKind.Casing));

        Assert.Equal(["Il ", "est", "."], Marked(html));
        Assert.Contains("<span class=\"m flag\" data-e=\"0\"", html);
        Assert.Contains("<span class=\"m k-casing d-applied flag\" data-p=\"1\" data-e=\"0 1\"", html);
        Assert.EndsWith("</span> Done", html);
    }

    [Fact]
    public void Write_Insertion_MarkerBetweenTheCharacters()
    {
        var html = Write(",where", Edit(1, 0, EditKind.Spacing));

        Assert.StartsWith(",<span class=\"m ins k-spacing d-applied\" data-p=\"0\" data-e=\"0\"", html);
        Assert.EndsWith("></span>where", html);
    }

    [Fact]
    public void Write_HostileTextAndReason_Escaped()
    {
        var edit = new ReportedEdit(0, 9, "", "", EditKind.Rewrite, "\"><script>alert(1)</script>", 0.9, "rules", EditDisposition.Suggested);
        var html = new StringBuilder();
        HighlightedText.Write(html, "</script><img src=x onerror=alert(1)>", [new TextMark(0, 9, 0)], [edit]);

        Assert.DoesNotContain("<script", html.ToString());
        Assert.DoesNotContain("<img", html.ToString());
        Assert.Contains("title=\"#1 rewrite (suggested): &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"", html.ToString());
        Assert.Contains("&lt;/script&gt;</span>&lt;img src=x onerror=alert(1)&gt;", html.ToString());
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(3, 2)]
    [InlineData(0, -1)]
    public void Fits_MarkOutsideTheText_False(int start, int length) =>
        Assert.False(HighlightedText.Fits([new TextMark(start, length, 0)], HighlightedText.CodePointCount("a😀c")));

    [Fact]
    public void CodePointCount_SurrogatePairsCountOnce() =>
        Assert.Equal(3, HighlightedText.CodePointCount("a😀c"));
}
