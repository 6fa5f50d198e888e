using Translate.Core.Cleanup;
using Translate.Core.Cleanup.Calques;
using Translate.Core.Cleanup.Steps;

namespace Translate.Core.Tests.Cleanup.Calques;

public sealed class CalqueTableTests
{
    public static TheoryData<int> EntryIndexes() => [.. Enumerable.Range(0, CalqueTable.Entries.Count)];

    [Fact]
    public void Entries_AtLeastSixty_EachWithItsFrenchOrigin()
    {
        Assert.True(CalqueTable.Entries.Count >= 60, $"The table has {CalqueTable.Entries.Count} entries.");
        Assert.All(CalqueTable.Entries, entry => Assert.False(string.IsNullOrWhiteSpace(entry.French)));
    }

    [Theory]
    [MemberData(nameof(EntryIndexes))]
    public async Task Entry_Example_BecomesExpected(int index)
    {
        var entry = CalqueTable.Entries[index];

        // min_confidence 0: entries that are only suggested by default must still produce the right English.
        var result = await CleanupTestKit.RunAsync(entry.Example, new CleanupRequest("en", 0), new CalqueStep([entry]));

        Assert.Equal(entry.Expected, result.Text);
        var edit = Assert.Single(result.Edits);
        Assert.Equal(EditKind.Calque, edit.Kind);
        Assert.Contains(entry.French, edit.Reason);
    }

    [Theory]
    [MemberData(nameof(EntryIndexes))]
    public async Task Entry_CounterExample_IsLeftAlone(int index)
    {
        var entry = CalqueTable.Entries[index];
        if (entry.CounterExample is null)
        {
            return; // the pattern has no correct-English look-alike worth testing
        }

        var result = await CleanupTestKit.RunAsync(entry.CounterExample, new CleanupRequest("en", 0), new CalqueStep([entry]));

        Assert.Equal(entry.CounterExample, result.Text);
        Assert.Empty(result.Edits);
    }

    [Fact]
    public async Task CalqueStep_LowConfidenceEntry_IsOnlySuggested()
    {
        var eventual = CalqueTable.Entries.Single(e => e.French == "éventuellement");

        var result = await CleanupTestKit.RunAsync(eventual.Example, new CalqueStep());

        Assert.Equal(eventual.Example, result.Text);
        var edit = Assert.Single(result.Edits);
        Assert.Equal(EditDisposition.Suggested, edit.Disposition);
        Assert.Equal("a possible successor", edit.Replacement);
    }

    [Fact]
    public async Task CalqueStep_SampleArticleSentence_RepairsLendHimTheIntention()
    {
        const string text = "US President Joe Biden asked Xi Jinping to “clearly” tell North Korea not to conduct a new nuclear test, like Seoul and Washington. lend him the intention.";

        var result = await CleanupTestKit.RunAsync(text, new CalqueStep());

        Assert.EndsWith("a new nuclear test, as Seoul and Washington suspect he intends to.", result.Text);
        Assert.Contains("prêter l'intention", Assert.Single(result.Edits).Reason);
    }

    [Fact]
    public async Task CalqueStep_OtherTargetLanguage_DoesNothing()
    {
        var result = await CleanupTestKit.RunAsync("They participated to the march.", new CleanupRequest("fr", 0.5), new CalqueStep());

        Assert.Empty(result.Edits);
    }
}
