using System.Diagnostics;
using Translate.Core.Cleanup;
using Translate.Core.Formats.Html;
using Translate.Core.Processing;
using static Translate.Core.Tests.Formats.Html.HtmlPage;

namespace Translate.Core.Tests.Formats.Html;

public sealed class HtmlTextDocumentTests
{
    [Fact]
    public void Parse_BlocksAndInlines_BlocksAreParagraphsInlinesJoin()
    {
        const string html = "<div><h1>Title</h1><p>One <em>two</em> <a href=\"/x\">three</a>.</p><ul><li>A</li><li>B<br>C</li></ul></div><div>Loose <span>text</span></div>";

        var page = HtmlTextDocument.Parse(html);

        Assert.Equal("Title\n\nOne two three.\n\nA\n\nB\n\nC\n\nLoose text", page.Text);
    }

    [Fact]
    public void Parse_ScriptStyleCodeCommentsAndAttributes_AreNotText()
    {
        const string html = "<html><head><title>Head line</title><style>p { x: 1 }</style><script>if (a < b) say(\"hi\");</script></head>" +
            "<body><p title=\"attribute words\">Seen <!-- hidden --><code>code()</code> here</p><pre>pre text</pre><textarea>typed</textarea>" +
            "<noscript>no script</noscript><template><p>later</p></template><p>End.</p></body></html>";

        var page = HtmlTextDocument.Parse(html);

        Assert.Equal("Head line\n\nSeen\n\nhere\n\nEnd.", page.Text);
    }

    [Fact]
    public void Parse_WhiteSpaceInsideABlock_OneSpaceAndNoneAtItsEdges()
    {
        var page = HtmlTextDocument.Parse("<p>\n   Hello,\r\n     world\t <b> again </b> </p>");

        Assert.Equal("Hello, world again", page.Text);
    }

    [Fact]
    public void Parse_Entities_TextHoldsTheDecodedCharacters()
    {
        var page = HtmlTextDocument.Parse("<p>Tom &amp; Jerry&nbsp;caf&eacute; &#8217;s &#x1F600; &copy 2022 &notit; &bogus; & fin</p>");

        Assert.Equal("Tom & Jerry\u00A0café ’s 😀 © 2022 ¬it; &bogus; & fin", page.Text);
    }

    [Fact]
    public void Parse_NotHtml_StillParsesAsOneParagraph()
    {
        var page = HtmlTextDocument.Parse("Just a plain text.\n\nA second paragraph < with a bracket.");

        Assert.Equal("Just a plain text. A second paragraph < with a bracket.", page.Text);
    }

    [Fact]
    public void Apply_EditWithinOneTextNode_AppliedAtItsSourceCharacters()
    {
        const string html = "<p class=\"a\">The UK , who <em>said</em> so.</p>";
        var page = HtmlTextDocument.Parse(html);

        var repair = page.Apply(ResultWith(page.Text, " ,", ","));

        Assert.Equal("<p class=\"a\">The UK, who <em>said</em> so.</p>", repair.Html);
        var edit = Assert.Single(repair.Edits);
        Assert.Equal(EditDisposition.Applied, edit.Disposition);
        Assert.Equal((html.IndexOf(" ,", StringComparison.Ordinal), 2, " ,"), (edit.Start, edit.Length, edit.Original));
    }

    [Fact]
    public void Apply_EditAcrossATag_FlaggedAndThePageUnchanged()
    {
        const string html = "<p>Hello <em>big</em> world, again.</p>";
        var page = HtmlTextDocument.Parse(html);

        var repair = page.Apply(ResultWith(page.Text, "big world", "large world"));

        Assert.Equal(html, repair.Html);
        var edit = Assert.Single(repair.Edits);
        Assert.Equal(EditDisposition.Flagged, edit.Disposition);
        Assert.Equal("large world", edit.Replacement);
        Assert.Equal("big</em> world", edit.Original);
        Assert.Contains("crosses HTML markup", edit.Reason, StringComparison.Ordinal);
        Assert.StartsWith("test edit", edit.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_EditAcrossParagraphs_Flagged()
    {
        const string html = "<h1>Title</h1><p>Body.</p>";
        var page = HtmlTextDocument.Parse(html);

        var repair = page.Apply(ResultWith(page.Text, "Title\n\nBody", "Title: Body"));

        Assert.Equal(html, repair.Html);
        Assert.Equal(EditDisposition.Flagged, Assert.Single(repair.Edits).Disposition);
    }

    [Fact]
    public void Apply_EditThatCutsAnEntityInTwo_Flagged()
    {
        // &NotEqualTilde; decodes to two characters: an edit of the first alone has no source characters of its own.
        const string html = "<p>a &NotEqualTilde; b</p>";
        var page = HtmlTextDocument.Parse(html);
        Assert.Equal("a \u2242\u0338 b", page.Text);

        var repair = page.Apply(ResultWith(page.Text, "\u2242", "="));

        Assert.Equal(html, repair.Html);
        Assert.Equal(EditDisposition.Flagged, Assert.Single(repair.Edits).Disposition);
    }

    [Fact]
    public void Apply_EditOfEntityCharacters_ReplacesTheWholeEntities()
    {
        const string html = "<p>Tom &amp; Jerry at the caf&eacute;&nbsp;now</p>";
        var page = HtmlTextDocument.Parse(html);
        var text = page.Text;

        var repair = page.Apply(new DocumentResult("t", text, [EditOf(text, "&", "and"), EditOf(text, "é\u00A0", "e ")], [], null));

        Assert.Equal("<p>Tom and Jerry at the cafe now</p>", repair.Html);
        Assert.Equal(["&amp;", "&eacute;&nbsp;"], repair.Edits.Select(e => e.Original));
        Assert.All(repair.Edits, e => Assert.Equal(EditDisposition.Applied, e.Disposition));
    }

    [Fact]
    public void Apply_ReplacementWithMarkupCharacters_EscapedInThePage()
    {
        var page = HtmlTextDocument.Parse("<p>R and D: a b</p>");

        var repair = page.Apply(ResultWith(page.Text, "a b", "a < b & c > d"));

        Assert.Equal("<p>R and D: a &lt; b &amp; c &gt; d</p>", repair.Html);
        Assert.Equal("a &lt; b &amp; c &gt; d", Assert.Single(repair.Edits).Replacement);
    }

    [Fact]
    public void Apply_InsertionBetweenTwoElements_GoesToTheEndOfTheTextBefore()
    {
        const string html = "<p>Posted<time datetime=\"2022-11-26\">November 26</time></p><p><b>Asia</b>Xi</p>";
        var page = HtmlTextDocument.Parse(html);
        var text = page.Text;
        var dateline = new ReportedEdit(CodePoints("Posted"), 0, "", " ", EditKind.GluedWords, "glued", 0.9, "test", EditDisposition.Applied);
        var kicker = new ReportedEdit(text.IndexOf("Xi", StringComparison.Ordinal), 0, "", " ", EditKind.GluedWords, "glued", 0.9, "test", EditDisposition.Applied);

        var repair = page.Apply(new DocumentResult("t", text, [dateline, kicker], [], null));

        Assert.Equal("<p>Posted <time datetime=\"2022-11-26\">November 26</time></p><p><b>Asia </b>Xi</p>", repair.Html);
    }

    [Fact]
    public void Apply_InsertionAtTheStartOfAParagraph_GoesToTheStartOfItsText()
    {
        const string html = "<h1>Title</h1><p><em>Body</em> text</p>";
        var page = HtmlTextDocument.Parse(html);
        var insertion = new ReportedEdit(page.Text.IndexOf("Body", StringComparison.Ordinal), 0, "", "The ", EditKind.Rewrite, "r", 0.9, "test", EditDisposition.Applied);

        var repair = page.Apply(new DocumentResult("t", page.Text, [insertion], [], null));

        Assert.Equal("<h1>Title</h1><p><em>The Body</em> text</p>", repair.Html);
    }

    [Fact]
    public void Apply_WhiteSpaceRunWithCrLf_ReplacedWhole()
    {
        const string html = "<p>the UK\r\n   , who</p>";
        var page = HtmlTextDocument.Parse(html);
        Assert.Equal("the UK , who", page.Text);

        var repair = page.Apply(ResultWith(page.Text, " ,", ","));

        Assert.Equal("<p>the UK, who</p>", repair.Html);
        Assert.Equal("\r\n   ,", Assert.Single(repair.Edits).Original);
    }

    [Fact]
    public void Apply_AstralCharactersBeforeTheText_OffsetsInCodePointsOfThePage()
    {
        const string html = "<header>📰🇫🇷</header><p title=\"😀\">😀 A <b>😀😀</b> wrold 🎉 and a wrold</p>";
        var page = HtmlTextDocument.Parse(html);

        var repair = page.Apply(ResultWith(page.Text, "wrold", "world", after: "and a"));

        var edit = Assert.Single(repair.Edits);
        var utf16 = html.LastIndexOf("wrold", StringComparison.Ordinal);
        Assert.Equal(CodePoints(html[..utf16]), edit.Start);
        Assert.NotEqual(utf16, edit.Start);
        Assert.Equal("wrold", TextAssert.SubstringByCodePoints(html, edit.Start, edit.Length));
        Assert.Equal(html[..utf16] + "world</p>", repair.Html);
        Assert.Equal(repair.Html, ReplayByCodePoints(html, repair.Edits));
    }

    [Fact]
    public void Apply_SuggestedEdit_ReportedAtItsPlaceNotApplied()
    {
        const string html = "<p>a calque here</p>";
        var page = HtmlTextDocument.Parse(html);

        var repair = page.Apply(ResultWith(page.Text, "calque", "copy", disposition: EditDisposition.Suggested));

        Assert.Equal(html, repair.Html);
        var edit = Assert.Single(repair.Edits);
        Assert.Equal((EditDisposition.Suggested, "calque", html.IndexOf("calque", StringComparison.Ordinal)), (edit.Disposition, edit.Original, edit.Start));
        Assert.Equal("<p>a copy here</p>", page.ApplyEdits(repair.Edits));
    }

    [Fact]
    public void Apply_ResultOfAnotherText_Throws()
    {
        var page = HtmlTextDocument.Parse("<p>Short text.</p>");
        var other = new ReportedEdit(0, 5, "Other", "X", EditKind.Rewrite, "r", 0.9, "test", EditDisposition.Applied);
        var outside = new ReportedEdit(50, 1, "x", "X", EditKind.Rewrite, "r", 0.9, "test", EditDisposition.Applied);

        Assert.Throws<ArgumentException>(() => page.Apply(new DocumentResult("t", page.Text, [other], [], null)));
        Assert.Throws<ArgumentException>(() => page.Apply(new DocumentResult("t", page.Text, [outside], [], null)));
    }

    [Fact]
    public void Apply_FosterParentedTableText_EachRepairedAtItsOwnSource()
    {
        // The parser moves "Bee" before the table: the text's order is not the page's.
        const string html = "<table><tr><td>Aye</td></tr>Bee</table>";
        var page = HtmlTextDocument.Parse(html);
        Assert.Equal("Bee\n\nAye", page.Text);
        var text = page.Text;

        var repair = page.Apply(new DocumentResult("t", text, [EditOf(text, "Bee", "B"), EditOf(text, "Aye", "A")], [], null));

        Assert.Equal("<table><tr><td>A</td></tr>B</table>", repair.Html);
    }

    [Fact]
    public void ApplyEdits_AnEditorRejectsOne_TheOthersStay()
    {
        const string html = "<p>teh cat , the dog</p>";
        var page = HtmlTextDocument.Parse(html);
        var text = page.Text;
        var repair = page.Apply(new DocumentResult("t", text, [EditOf(text, "teh", "the"), EditOf(text, " ,", ",")], [], null));
        Assert.Equal("<p>the cat, the dog</p>", repair.Html);

        var kept = page.ApplyEdits(repair.Edits.Where(e => e.Original != "teh"));

        Assert.Equal("<p>teh cat, the dog</p>", kept);
    }

    [Fact]
    public void ParseAndApply_DeepNestingLongTextAndManyNodes_LinearInTheSize()
    {
        // Quadratic work on any of these (a lookup per character, per node or per level) takes minutes, not seconds:
        // before the walk went by child index, the 100,000 sibling text nodes alone took 30 s.
        var deep = Repeat("<span>x", 4_000) + Repeat("</span>", 4_000);
        var longNode = "<p>" + Repeat("word ", 1_000_000) + "teh end</p>";
        var manyNodes = "<p>" + Repeat("a<!---->", 100_000) + "</p>";
        var html = "<!DOCTYPE html><body>" + deep + longNode + manyNodes + "</body>";
        var clock = Stopwatch.StartNew();

        var page = HtmlTextDocument.Parse(html);
        var repair = page.Apply(ResultWith(page.Text, "teh", "the"));

        clock.Stop();
        Assert.Contains("word the end</p>", repair.Html, StringComparison.Ordinal);
        Assert.Equal(html.Length, repair.Html.Length);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"Parse and Apply of {html.Length:N0} characters took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void Parse_HundredThousandNestedDivs_RefusedAtTheTagThatGoesTooDeep()
    {
        // AngleSharp's own tree building is superlinear this deep (80,000 nested divs: 75 s); the guard stops it early.
        var html = Repeat("<div>x", 100_000);
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<InvalidDocumentException>(() => HtmlTextDocument.Parse(html));

        Assert.Contains("more than 4,096 elements inside one another", error.Message, StringComparison.Ordinal);
        Assert.Contains("<div>", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"refusing took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void Parse_ManyUnclosedParagraphs_NotCountedAsNesting()
    {
        var page = HtmlTextDocument.Parse(Repeat("<p>para", 10_000));

        Assert.Equal(10_000, page.Text.Split("\n\n").Length);
    }
}
