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
    // Rows that ended but are still in the cache: where cohorts join (the decoder takes a self-attention mask), rows
    // are dropped a few at a time (a drop copies every cache tensor: about 10 ms at 30 rows of the real-size Marian,
    // what 8 row-steps cost), once they are 1/DeadRowShare of the rows; until then each costs its row of every run.
    private const int DeadRowShare = 8;
    private const int Dead = -1;
    private readonly bool _dropInGroups;
    private int _dead;

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
        _dropInGroups = model.DecoderSessions.TakesSelfMask && settings.UseCache;
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

    public override int Rows => _live.Count - _dead;

    public override void Step(List<(int Input, GeneratedSequence Output)> ended)
    {
        var vocabulary = Model.Architecture.VocabularySize;
        var scores = _scores.Span;
        DecoderStep.Run(Model, _state, _liveOutputs, Settings.UseCache, _first, scores);
        _first = false;
        for (var r = 0; r < _live.Count; r++)
        {
            if (_live[r] == Dead)
            {
                continue;
            }
            var row = scores.Slice(r * vocabulary, vocabulary);
            var output = _outputs[_live[r]];
            _processor.Process(row, output, Inputs[_live[r]]);
            var token = ArgMax(row);
            output.Add(token);
            if (Settings.IsEos(token) || output.Count >= Settings.EffectiveMaxLength)
            {
                ended.Add((_live[r], new GeneratedSequence(output.ToArray())));
                _live[r] = Dead;
                _dead++;
            }
        }
        if (_dead > 0 && (!_dropInGroups || _dead * DeadRowShare >= _live.Count))
        {
            DropDead();
        }
    }

    public override (int[] Kept, int[] OtherKept)? TryAbsorb(DecodingCohort other)
    {
        if (other is not GreedySearch greedy || greedy == this || !Model.DecoderSessions.TakesSelfMask || !Settings.UseCache ||
            _first || greedy._first || !Settings.Equals(greedy.Settings) || greedy.IsDone || IsDone)
        {
            return null;
        }
        greedy.DropDead();
        // This cohort's rows that ended are dropped by the join's own copy.
        int[] rows = [.. Enumerable.Range(0, _live.Count).Where(r => _live[r] != Dead)];
        int[] kept = [.. rows.Select(r => _live[r])];
        int[] otherKept = [.. greedy._live];
        // One row an input: after renumbering, row r decodes input r.
        List<int[]> inputs = [.. kept.Select(i => Inputs[i]), .. otherKept.Select(i => greedy.Inputs[i])];
        List<List<int>> outputs = [.. kept.Select(i => _outputs[i]), .. otherKept.Select(i => greedy._outputs[i])];
        _state.Append(rows, greedy._state, [.. Enumerable.Range(0, inputs.Count)]);
        _dead = 0;
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
        for (var r = 0; r < _live.Count; r++)
        {
            if (_live[r] != Dead && gone(_live[r]))
            {
                _live[r] = Dead;
                _dead++;
            }
        }
        DropDead();
    }

    public override void Dispose()
    {
        _state.Dispose();
        _scores.Dispose();
    }

    /// <summary>The rows of inputs that ended or left leave the cache; the others keep their order.</summary>
    private void DropDead()
    {
        if (_dead == 0)
        {
            return;
        }
        _kept.Clear();
        for (var r = 0; r < _live.Count; r++)
        {
            if (_live[r] != Dead)
            {
                _kept.Add(r);
            }
        }
        _dead = 0;
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

