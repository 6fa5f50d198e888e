using Translate.Core.Processing;
using Translate.Evaluation.Repair;

namespace Translate.Evaluation.Tests.Repair;

public sealed class RepairEvaluatorTests
{
    // Three damaged texts: a calque, a French caption, and both; their references are the repaired English. chrF
    // leaves white space out, so every repair here changes characters (a glued word split would not register).
    private const string DevSet = """
        {"id": "calque", "text": "The minister participated to the summit in Seoul.", "reference": "The minister participated in the summit in Seoul.", "damage": ["calque"]}

        {"id": "caption", "text": "Xi Jinping et Kim Jong Un ensemble en 2019.", "source_text": "Xi Jinping et Kim Jong Un ensemble en 2019.", "reference": "Xi Jinping and Kim Jong Un together in 2019.", "damage": ["untranslated"]}
        {"id": "both", "text": "The president participated to talks. Il a ecrit une lettre.", "reference": "The president participated in talks. He wrote a letter.", "damage": ["untranslated", "calque"]}
        """;

    [Fact]
    public void ReadJsonLines_ValidLines_ReadsEveryField()
    {
        var examples = RepairExample.ReadJsonLines(new StringReader(DevSet));

        Assert.Equal(["calque", "caption", "both"], examples.Select(e => e.Id));
        Assert.Equal("Xi Jinping and Kim Jong Un together in 2019.", examples[1].Reference);
        Assert.Equal("Xi Jinping et Kim Jong Un ensemble en 2019.", examples[1].SourceText);
        Assert.Null(examples[0].SourceText);
        Assert.Equal(["untranslated", "calque"], examples[2].Damage!);
    }

    [Theory]
    [InlineData("{\"id\": \"a\", \"text\": \"One.\"}", "line 2 lacks \"text\" or \"reference\"")]
    [InlineData("{\"id\": \"a\", \"text\": \"\", \"reference\": \"One.\"}", "line 2 lacks \"text\" or \"reference\"")]
    [InlineData("{\"id\": \"a\", \"text\": \"One.\",", "line 2 is not a JSON object")]
    [InlineData("null", "line 2 lacks \"text\" or \"reference\"")]
    public void ReadJsonLines_BadSecondLine_NamesTheLine(string badLine, string expected)
    {
        var jsonl = "{\"text\": \"One.\", \"reference\": \"One.\"}\n" + badLine;

        var error = Assert.Throws<InvalidDataException>(() => RepairExample.ReadJsonLines(new StringReader(jsonl)));

        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public async Task EvaluateAsync_CleanerRestoresEveryReference_OutputIs100()
    {
        var examples = RepairExample.ReadJsonLines(new StringReader(DevSet));
        var evaluator = new RepairEvaluator(RestoringCleaner(examples));

        var evaluation = await evaluator.EvaluateAsync(examples, TestContext.Current.CancellationToken);

        Assert.Equal(3, evaluation.All.Documents);
        Assert.Equal(100, evaluation.All.Output, 9);
        Assert.InRange(evaluation.All.Input, 20, 99);
        Assert.Equal(100 - evaluation.All.Input, evaluation.All.Change, 9);
    }

    [Fact]
    public async Task EvaluateAsync_DamageKinds_ScoredOnTheirOwnDocumentsInOrdinalOrder()
    {
        var examples = RepairExample.ReadJsonLines(new StringReader(DevSet));
        // Only the first document, a calque alone, is repaired.
        var evaluator = new RepairEvaluator((document, _) => Task.FromResult(document.Id == "calque" ? examples[0].Reference : document.Text));

        var evaluation = await evaluator.EvaluateAsync(examples, TestContext.Current.CancellationToken);

        Assert.Equal(["calque", "untranslated"], evaluation.ByDamage.Select(d => d.Damage));
        var calque = evaluation.ByDamage[0].Scores;
        var untranslated = evaluation.ByDamage[1].Scores;
        Assert.Equal(2, calque.Documents);
        Assert.Equal(2, untranslated.Documents);
        Assert.True(calque.Change > 0, $"the calque subset gained {calque.Change}");
        Assert.Equal(0, untranslated.Change, 9);
        Assert.InRange(evaluation.All.Change, 0.01, calque.Change);
    }

    [Fact]
    public async Task EvaluateAsync_CleanerLeavesReferencesAlone_NoHarm()
    {
        var examples = RepairExample.ReadJsonLines(new StringReader(DevSet));
        var evaluator = new RepairEvaluator(RestoringCleaner(examples));

        var evaluation = await evaluator.EvaluateAsync(examples, TestContext.Current.CancellationToken);

        Assert.Equal(new RepairScores(3, 100, 100), evaluation.ReferenceAsInput);
        Assert.Equal(0, evaluation.ReferencesChanged);
    }

    [Fact]
    public async Task EvaluateAsync_CleanerChangesAReference_ReportedAsHarm()
    {
        var examples = RepairExample.ReadJsonLines(new StringReader(DevSet));
        // A false "repair" that changes a correct word of one reference.
        var evaluator = new RepairEvaluator((document, _) => Task.FromResult(document.Text.Replace("together", "ensemble", StringComparison.Ordinal)));

        var evaluation = await evaluator.EvaluateAsync(examples, TestContext.Current.CancellationToken);

        Assert.Equal(1, evaluation.ReferencesChanged);
        Assert.Equal(100, evaluation.ReferenceAsInput.Input);
        Assert.True(evaluation.ReferenceAsInput.Change < 0, $"the references changed by {evaluation.ReferenceAsInput.Change}");
    }

    [Fact]
    public async Task EvaluateAsync_Documents_CleanedWithTheirIdAndSourceText()
    {
        var examples = RepairExample.ReadJsonLines(new StringReader(DevSet));
        var requests = new List<DocumentRequest>();
        var evaluator = new RepairEvaluator((document, _) =>
        {
            requests.Add(document);
            return Task.FromResult(document.Text);
        });

        await evaluator.EvaluateAsync(examples, TestContext.Current.CancellationToken);

        // Each text, then its reference (without the source: a reference is English already).
        Assert.Equal(6, requests.Count);
        Assert.Equal(new DocumentRequest("caption", examples[1].Text, examples[1].SourceText), requests[2]);
        Assert.Equal(new DocumentRequest("caption", examples[1].Reference), requests[3]);
    }

    private static Func<DocumentRequest, CancellationToken, Task<string>> RestoringCleaner(IReadOnlyList<RepairExample> examples) =>
        (document, _) => Task.FromResult(examples.FirstOrDefault(e => e.Text == document.Text)?.Reference ?? document.Text);
}
