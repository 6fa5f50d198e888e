using Translate.Core.Cleanup;
using Translate.Core.Text;

namespace Translate.Core.Tests.Cleanup;

public sealed class EditComposerTests
{
    [Fact]
    public void Apply_LaterStepRewritesEarlierInsertion_MergesIntoOneEditWithBothReasons()
    {
        var composer = new EditComposer("AsiaXi Jinping");

        composer.Apply([new ProposedEdit(new TextSpan(4, 0), " ", EditKind.GluedWords, "split the glued title", 0.9, "rules:a")], 0.5);
        composer.Apply([new ProposedEdit(new TextSpan(4, 1), ": ", EditKind.Punctuation, "restore the colon", 0.7, "rules:b")], 0.5);

        Assert.Equal("Asia: Xi Jinping", composer.Current);
        var edit = Assert.Single(composer.Edits());
        Assert.Equal(new TextSpan(4, 0), edit.Span);
        Assert.Equal(string.Empty, edit.Original);
        Assert.Equal(": ", edit.Replacement);
        Assert.Equal("split the glued title; then restore the colon", edit.Reason);
        Assert.Equal(0.7, edit.Confidence);
        Assert.Equal("rules:a+rules:b", edit.Engine);
        Assert.Equal(EditDisposition.Applied, edit.Disposition);
    }

    [Fact]
    public void Apply_LaterStepEditsAfterEarlierEdit_ReportsInputOffsets()
    {
        var composer = new EditComposer("PostedNovember 26.The end");

        composer.Apply([new ProposedEdit(new TextSpan(6, 0), " ", EditKind.GluedWords, "dateline", 0.95, "rules:a")], 0.5);
        composer.Apply([new ProposedEdit(new TextSpan(19, 0), " ", EditKind.Spacing, "space after stop", 0.9, "rules:b")], 0.5);

        Assert.Equal("Posted November 26. The end", composer.Current);
        Assert.Equal([(6, 0), (18, 0)], composer.Edits().Select(e => (e.Span.Start, e.Span.Length)));
    }

    [Fact]
    public void Apply_OverlappingProposalsOfOneStep_AppliesTheFirstAndSuggestsTheOther()
    {
        var composer = new EditComposer("abcdef");

        composer.Apply(
        [
            new ProposedEdit(new TextSpan(2, 2), "Y", EditKind.Rewrite, "second", 0.9, "t"),
            new ProposedEdit(new TextSpan(1, 2), "X", EditKind.Rewrite, "first", 0.9, "t"),
        ], 0.5);

        Assert.Equal("aXdef", composer.Current);
        var edits = composer.Edits();
        Assert.Equal(2, edits.Count);
        Assert.Equal("first", Assert.Single(edits, e => e.Disposition == EditDisposition.Applied).Reason);
        var suggested = Assert.Single(edits, e => e.Disposition == EditDisposition.Suggested);
        Assert.StartsWith("second (not applied: it overlaps", suggested.Reason);
    }

    [Fact]
    public void Apply_LowConfidenceProposal_IsSuggestedAndTextUnchanged()
    {
        var composer = new EditComposer("lend him the intention");

        composer.Apply([new ProposedEdit(new TextSpan(0, 22), "attribute to him the intention", EditKind.Calque, "calque", 0.3, "t")], 0.5);

        Assert.Equal("lend him the intention", composer.Current);
        var edit = Assert.Single(composer.Edits());
        Assert.Equal(EditDisposition.Suggested, edit.Disposition);
        Assert.Equal("attribute to him the intention", edit.Replacement);
        Assert.Equal("lend him the intention", edit.Original);
    }

    [Fact]
    public void Apply_FlagAfterEarlierInsertion_MapsBackToTheInputSentence()
    {
        const string input = "AsiaXi. XI Jinping et Kim.";
        var composer = new EditComposer(input);
        composer.Apply([new ProposedEdit(new TextSpan(4, 0), " ", EditKind.GluedWords, "glued", 0.9, "t")], 0.5);

        var flagged = composer.Current.IndexOf("XI", StringComparison.Ordinal);
        composer.Apply([new ProposedEdit(new TextSpan(flagged, composer.Current.Length - flagged), string.Empty, EditKind.Untranslated, "French", 0.9, "t", FlagOnly: true)], 0.5);

        var flag = Assert.Single(composer.Edits(), e => e.Disposition == EditDisposition.Flagged);
        Assert.Equal("XI Jinping et Kim.", flag.Original);
        Assert.Equal(string.Empty, flag.Replacement);
    }

    [Fact]
    public void Apply_SuggestionInsideEarlierReplacement_CoversTheReplacedInput()
    {
        var composer = new EditComposer("lend him the intention");
        composer.Apply([new ProposedEdit(new TextSpan(0, 4), "attribute to", EditKind.Calque, "calque", 0.9, "t")], 0.5);

        // "to" of "attribute to him": in the input it stands for part of "lend".
        composer.Apply([new ProposedEdit(new TextSpan(10, 2), "for", EditKind.Rewrite, "preposition", 0.3, "t")], 0.5);

        var suggestion = Assert.Single(composer.Edits(), e => e.Disposition == EditDisposition.Suggested);
        Assert.Equal(new TextSpan(0, 4), suggestion.Span);
        Assert.Equal("lend", suggestion.Original);
    }

    [Fact]
    public void Apply_ProposalOutsideText_Throws()
    {
        var composer = new EditComposer("short");

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            composer.Apply([new ProposedEdit(new TextSpan(3, 5), "x", EditKind.Rewrite, "too long", 0.9, "t")], 0.5));
    }
}
