using System.Runtime.InteropServices;

namespace Translate.Core.Inference.Generation.Internal;

/// <summary>
/// Greedy search as transformers' generate() with num_beams 1: the logits processors on the raw logits, then the
/// highest score (the lowest id on a tie). A row that produced end of sequence leaves the batch: its cache rows are
/// dropped, so it costs no further decoder work.
/// </summary>
internal sealed class GreedySearch : DecodingCohort
{
    private readonly LogitsProcessor _processor;
    private readonly List<List<int>> _outputs;
    private PooledArray<float> _scores;
    private readonly DecoderState _state;
    private readonly List<int> _kept;
    // _live[r]: the input whose output row r of the state decodes.
    private List<int> _live;
    private List<IReadOnlyList<int>> _liveOutputs;
    private bool _first = true;

    public GreedySearch(Seq2SeqModel model, IReadOnlyList<int[]> inputs, GenerationSettings settings)
        : base(model, inputs, settings)
    {
        var maxLength = settings.EffectiveMaxLength;
        _processor = new LogitsProcessor(settings, model.Architecture.VocabularySize);
        _outputs = new List<List<int>>(inputs.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            _outputs.Add(new List<int>(maxLength) { settings.DecoderStartTokenId });
        }
        _live = Enumerable.Range(0, inputs.Count).ToList();
        _liveOutputs = new List<IReadOnlyList<int>>(_outputs);
        _kept = new List<int>(inputs.Count);
        _scores = new PooledArray<float>(inputs.Count * model.Architecture.VocabularySize);
        try
        {
            _state = model.Encode(inputs);
        }
        catch
        {
            _scores.Dispose();
            throw;
        }
    }

    public override int Rows => _live.Count;

    public override void Step(List<(int Input, GeneratedSequence Output)> ended)
    {
        var vocabulary = Model.Architecture.VocabularySize;
        var scores = _scores.Span;
        DecoderStep.Run(Model, _state, _liveOutputs, Settings.UseCache, _first, scores);
        _first = false;
        _kept.Clear();
        for (var r = 0; r < _live.Count; r++)
        {
            var row = scores.Slice(r * vocabulary, vocabulary);
            var output = _outputs[_live[r]];
            _processor.Process(row, output, Inputs[_live[r]]);
            var token = ArgMax(row);
            output.Add(token);
            if (Settings.IsEos(token) || output.Count >= Settings.EffectiveMaxLength)
            {
                ended.Add((_live[r], new GeneratedSequence(output.ToArray())));
            }
            else
            {
                _kept.Add(r);
            }
        }
        Keep();
    }

    public override (int[] Kept, int[] OtherKept)? TryAbsorb(DecodingCohort other)
    {
        if (other is not GreedySearch greedy || greedy == this || !Model.DecoderSessions.TakesSelfMask || !Settings.UseCache ||
            _first || greedy._first || !Settings.Equals(greedy.Settings) || greedy.IsDone || IsDone)
        {
            return null;
        }
        int[] kept = [.. _live];
        int[] otherKept = [.. greedy._live];
        // One row an input: after renumbering, row r decodes input r.
        List<int[]> inputs = [.. kept.Select(i => Inputs[i]), .. otherKept.Select(i => greedy.Inputs[i])];
        List<List<int>> outputs = [.. kept.Select(i => _outputs[i]), .. otherKept.Select(i => greedy._outputs[i])];
        _state.Append(greedy._state, [.. Enumerable.Range(0, inputs.Count)]);
        ReplaceInputs(inputs);
        _outputs.Clear();
        _outputs.AddRange(outputs);
        _live = Enumerable.Range(0, inputs.Count).ToList();
        _liveOutputs = new List<IReadOnlyList<int>>(_outputs);
        var scores = new PooledArray<float>(inputs.Count * Model.Architecture.VocabularySize);
        _scores.Dispose();
        _scores = scores;
        greedy._live = [];
        greedy._liveOutputs = [];
        return (kept, otherKept);
    }

    public override void Leave(Func<int, bool> gone)
    {
        _kept.Clear();
        for (var r = 0; r < _live.Count; r++)
        {
            if (!gone(_live[r]))
            {
                _kept.Add(r);
            }
        }
        Keep();
    }

    public override void Dispose()
    {
        _state.Dispose();
        _scores.Dispose();
    }

    /// <summary>Keeps the rows in <see cref="_kept"/>, in order; the others leave the cache.</summary>
    private void Keep()
    {
        if (_kept.Count == _live.Count)
        {
            return;
        }
        if (_kept.Count > 0)
        {
            _state.SelectRows(CollectionsMarshal.AsSpan(_kept));
        }
        _live = _kept.Select(r => _live[r]).ToList();
        _liveOutputs = _live.Select(i => (IReadOnlyList<int>)_outputs[i]).ToList();
    }

    /// <summary>The first index of the highest score (vectorised; logits are never NaN).</summary>
    private static int ArgMax(ReadOnlySpan<float> scores) => System.Numerics.Tensors.TensorPrimitives.IndexOfMax(scores);
}
