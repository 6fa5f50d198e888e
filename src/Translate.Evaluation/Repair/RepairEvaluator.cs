using Translate.Core.Processing;
using Translate.Evaluation.Metrics;

namespace Translate.Evaluation.Repair;

/// <summary>
/// Scores cleanup with corpus chrF (sacreBLEU's default: character order 6, beta 2, white space removed): the
/// damaged input and the cleaned output against the reference, overall and for each kind of damage; and, to show
/// no harm is done, the output when the reference itself is the input.
/// </summary>
public sealed class RepairEvaluator
{
    private readonly Func<DocumentRequest, CancellationToken, Task<string>> _clean;
    private readonly ChrF _chrF = new();

    public RepairEvaluator(DocumentProcessor processor)
        : this(async (document, cancellationToken) => (await processor.CleanAsync(document, cancellationToken: cancellationToken).ConfigureAwait(false)).Text)
    {
    }

    /// <param name="clean">Returns the cleaned text of a document.</param>
    internal RepairEvaluator(Func<DocumentRequest, CancellationToken, Task<string>> clean) => _clean = clean;

    public async Task<RepairEvaluation> EvaluateAsync(IReadOnlyList<RepairExample> examples, CancellationToken cancellationToken = default)
    {
        var outputs = new List<string>(examples.Count);
        var referenceOutputs = new List<string>(examples.Count);
        foreach (var example in examples)
        {
            outputs.Add(await _clean(new DocumentRequest(example.Id ?? string.Empty, example.Text, example.SourceText), cancellationToken).ConfigureAwait(false));
            referenceOutputs.Add(await _clean(new DocumentRequest(example.Id ?? string.Empty, example.Reference), cancellationToken).ConfigureAwait(false));
        }

        var references = examples.Select(example => example.Reference).ToArray();
        RepairScores Scores(int[] indexes) => new(
            indexes.Length,
            _chrF.Corpus(indexes.Select(i => examples[i].Text).ToArray(), indexes.Select(i => references[i]).ToArray()),
            _chrF.Corpus(indexes.Select(i => outputs[i]).ToArray(), indexes.Select(i => references[i]).ToArray()));

        var all = Scores(Enumerable.Range(0, examples.Count).ToArray());
        var byDamage = examples.SelectMany(example => example.Damage ?? []).Distinct().Order(StringComparer.Ordinal)
            .Select(kind => new DamageScores(kind, Scores(Enumerable.Range(0, examples.Count).Where(i => examples[i].Damage?.Contains(kind) == true).ToArray())))
            .ToArray();
        // A reference scored against itself is 100 by definition; only the cleaned copy is measured.
        var referenceAsInput = new RepairScores(examples.Count, 100.0, _chrF.Corpus(referenceOutputs, references));
        var changed = referenceOutputs.Where((text, i) => text != references[i]).Count();
        return new RepairEvaluation(all, byDamage, referenceAsInput, changed);
    }
}
