using Translate.Core.Cleanup;
using Translate.Core.Formats.Html;
using Translate.Core.Processing;
using static Translate.Core.Tests.Formats.Html.HtmlPage;

namespace Translate.Core.Tests.Formats.Html;

/// <summary>The sample article as a news page (tests/data/xi-kim-article.html) through the real processor and back into the page.</summary>
public sealed class HtmlRepairSampleTests(RuntimeFixture fixture)
{
    private static readonly string Html = TestData.XiKimArticleHtml;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private async Task<(HtmlTextDocument Page, DocumentResult Result, HtmlRepair Repair)> RepairAsync()
    {
        var page = HtmlTextDocument.Parse(Html);
        var result = await fixture.Processor.ProcessAsync(new DocumentRequest("xi-kim.html", page.Text), cancellationToken: Cancellation);
        return (page, result, page.Apply(result));
    }

    [Fact]
    public async Task Repair_SamplePage_EveryCharacterOutsideTheAppliedEditsIsKept()
    {
        var (_, result, repair) = await RepairAsync();

        var applied = repair.Edits.Where(e => e.Disposition == EditDisposition.Applied).ToArray();
        Assert.True(applied.Length >= 4, $"only {applied.Length} edits applied");
        Assert.All(repair.Edits, e => Assert.Equal(e.Original, TextAssert.SubstringByCodePoints(Html, e.Start, e.Length)));
        Assert.Equal(ReplayByCodePoints(Html, applied), repair.Html);
        Assert.Equal(result.Edits.Count, repair.Edits.Count);
        Assert.Same(result.Summary, repair.Summary);
    }

    [Fact]
    public async Task Repair_SamplePage_GluedTitleCaptionAndCalqueRepairedInsideTheirTags()
    {
        var (_, _, repair) = await RepairAsync();

        Assert.Contains("<p class=\"dateline\">Posted <time datetime=", repair.Html, StringComparison.Ordinal);
        Assert.Contains("<h2 class=\"kicker\">Asia Xi Jinping offers Kim Jong Un to cooperate for world peace</h2>", repair.Html, StringComparison.Ordinal);
        Assert.Contains("a new nuclear test, as Seoul and Washington suspect he intends to.</p>", repair.Html, StringComparison.Ordinal);
        Assert.Contains("France and the UK, who condemned", repair.Html, StringComparison.Ordinal);
        var caption = Assert.Single(repair.Edits, e => e.Kind == EditKind.Untranslated);
        Assert.Equal(TestData.FrenchCaption, caption.Original);
        Assert.Equal(Html.IndexOf(TestData.FrenchCaption, StringComparison.Ordinal), caption.Start); // no astral characters before it
        if (fixture.Runtime.Models.Any(m => m.Name == "apertium" && m.Ready))
        {
            Assert.Equal(EditDisposition.Applied, caption.Disposition);
            Assert.Contains("<figcaption>Xi Jinping and Kim Jong Un together in 2019.</figcaption>", repair.Html, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(EditDisposition.Flagged, caption.Disposition);
            Assert.Contains($"<figcaption>{TestData.FrenchCaption}</figcaption>", repair.Html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Repair_SamplePage_ScriptStyleCommentAndAttributesUntouched()
    {
        var (page, _, repair) = await RepairAsync();

        string[] untouched =
        [
            Between(Html, "<script>", "</script>"),
            Between(Html, "<style>", "</style>"),
            Between(Html, "<!-- Agency", "-->"),
            Between(Html, "<meta name=\"description\"", ">"),
            Between(Html, "<img src=\"/images/", ">"),
        ];
        Assert.All(untouched, part => Assert.Contains(part, repair.Html, StringComparison.Ordinal));
        Assert.All(untouched, part => Assert.DoesNotContain("lend him the intention", page.Text.Replace(part, "", StringComparison.Ordinal).Replace("tention.", "", StringComparison.Ordinal), StringComparison.Ordinal));
        // Five copies outside the text (attributes, style, script, comment), one in the article: only that one goes.
        Assert.Equal(6, Count(Html, "lend him the intention"));
        Assert.Equal(5, Count(repair.Html, "lend him the intention"));
        Assert.Equal(Count(Html, "AsiaXi"), Count(repair.Html, "AsiaXi") + 1);
    }

    [Fact]
    public async Task Repair_SamplePage_EntitiesDecodedInTheTextAndKeptInThePage()
    {
        var (page, _, repair) = await RepairAsync();

        Assert.Contains("China is North Korea’s most important ally", page.Text, StringComparison.Ordinal);
        Assert.Contains("to “accelerate peace” in the world.", page.Text, StringComparison.Ordinal);
        Assert.Contains("Café Society", page.Text, StringComparison.Ordinal);
        Assert.Contains("Asia & Pacific", page.Text, StringComparison.Ordinal);
        Assert.Contains("06:51\u00A0am", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("&", page.Text.Replace(" & ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        foreach (var entity in (string[])["North Korea&rsquo;s", "&#8220;accelerate peace&#8221;", "Caf&eacute; Society", "Asia &amp; Pacific", "06:51&nbsp;am", "(&hellip;)", "&copy; 2022"])
        {
            Assert.Contains(entity, repair.Html, StringComparison.Ordinal);
        }
    }
}
