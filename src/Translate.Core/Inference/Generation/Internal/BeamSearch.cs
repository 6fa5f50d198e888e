using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Translate.Core.Inference.Generation.Internal;

/// <summary>
/// Beam search as transformers' generate() with BeamSearchScorer: log-softmax of the logits, the logits processors,
/// plus the beam's running score; the best 2 × num_beams candidates over beams × vocabulary; an end of sequence among
/// the first num_beams closes a hypothesis, the other candidates fill the beams. The cache rows follow their beams.
/// An input whose hypotheses are done leaves the batch, so it costs no further decoder work.
/// </summary>
internal sealed class BeamSearch : DecodingCohort
{
    // transformers starts every beam but the first at -1e9, so the first step expands one beam only.
    private const float UnusedBeamScore = -1e9f;

    private readonly int _beams;
    private readonly int _candidates;
    private readonly LogitsProcessor _processor;
    private readonly BeamHypotheses[] _hypotheses;
    private readonly PooledArray<float> _scores;
    private readonly float[] _beamScores;
    private readonly float[] _topScores;
    private readonly int[] _topIndices;
    private readonly DecoderState _state;
    // Row r of the state is beam r % beams of input _live[r / beams].
    private List<int> _live;
    private List<IReadOnlyList<int>> _outputs;
    private bool _first = true;

    public BeamSearch(Seq2SeqModel model, IReadOnlyList<int[]> inputs, GenerationSettings settings)
        : base(model, inputs, settings)
    {
        _beams = settings.NumBeams;
        var vocabulary = model.Architecture.VocabularySize;
        _processor = new LogitsProcessor(settings, vocabulary);
        _candidates = Math.Max(2, 1 + settings.EosTokenIds.Count) * _beams;
        _hypotheses = inputs.Select(_ => new BeamHypotheses(_beams, settings.LengthPenalty, settings.EarlyStopping, settings.EffectiveMaxLength)).ToArray();
        _live = Enumerable.Range(0, inputs.Count).ToList();
        _outputs = new List<IReadOnlyList<int>>(inputs.Count * _beams);
        _beamScores = new float[inputs.Count * _beams];
        for (var r = 0; r < inputs.Count * _beams; r++)
        {
            _outputs.Add(new[] { settings.DecoderStartTokenId });
            _beamScores[r] = r % _beams == 0 ? 0f : UnusedBeamScore;
        }
        _topScores = new float[_candidates];
        _topIndices = new int[_candidates];
        _scores = new PooledArray<float>(inputs.Count * _beams * vocabulary);
        try
        {
            _state = model.Encode(inputs);
            _state.SelectRows(Enumerable.Range(0, inputs.Count * _beams).Select(r => r / _beams).ToArray());
        }
        catch
        {
            _state?.Dispose();
            _scores.Dispose();
            throw;
        }
    }

    public override int Rows => _live.Count * _beams;

    public override void Step(List<(int Input, GeneratedSequence Output)> ended)
    {
        var beams = _beams;
        var vocabulary = Model.Architecture.VocabularySize;
        var scores = _scores.Span;
        var length = _outputs[0].Count;
        DecoderStep.Run(Model, _state, _outputs, Settings.UseCache, _first, scores);
        _first = false;
        LogSoftmaxRows(_scores.Array, _state.Rows, vocabulary);
        for (var r = 0; r < _state.Rows; r++)
        {
            var row = scores.Slice(r * vocabulary, vocabulary);
            _processor.Process(row, _outputs[r], Inputs[_live[r / beams]]);
            TensorPrimitives.Add(row, _beamScores[r], row);
        }

        var nextLive = new List<int>(_live.Count);
        var nextRows = new List<int>(_live.Count * beams);
        var nextOutputs = new List<IReadOnlyList<int>>(_live.Count * beams);
        var nextScores = new List<float>(_live.Count * beams);
        for (var item = 0; item < _live.Count; item++)
        {
            var input = _live[item];
            var firstRow = item * beams;
            TopK(scores.Slice(firstRow * vocabulary, beams * vocabulary), _topScores, _topIndices);
            var filled = 0;
            for (var rank = 0; rank < _candidates && filled < beams; rank++)
            {
                var row = firstRow + _topIndices[rank] / vocabulary;
                var token = _topIndices[rank] % vocabulary;
                if (Settings.IsEos(token))
                {
                    // An end of sequence ranked below the beam width does not close a hypothesis.
                    if (rank < beams)
                    {
                        _hypotheses[input].Add([.. _outputs[row], token], _topScores[rank], length);
                    }
                    continue;
                }
                nextRows.Add(row);
                nextOutputs.Add([.. _outputs[row], token]);
                nextScores.Add(_topScores[rank]);
                filled++;
            }
            if (_hypotheses[input].IsDone(_topScores[0], length))
            {
                // Done: its beams leave the batch.
                nextRows.RemoveRange(nextRows.Count - filled, filled);
                nextOutputs.RemoveRange(nextOutputs.Count - filled, filled);
                nextScores.RemoveRange(nextScores.Count - filled, filled);
                ended.Add((input, Best(input)));
            }
            else
            {
                nextLive.Add(input);
            }
        }
        _live = nextLive;
        _outputs = nextOutputs;
        nextScores.CopyTo(_beamScores);
        if (_live.Count == 0)
        {
            return;
        }
        if (length + 1 >= Settings.EffectiveMaxLength)
        {
            // At the length limit every open beam becomes a hypothesis, scored by its length after the start token.
            for (var r = 0; r < _outputs.Count; r++)
            {
                _hypotheses[_live[r / beams]].Add([.. _outputs[r]], _beamScores[r], _outputs[r].Count - 1);
            }
            foreach (var input in _live)
            {
                ended.Add((input, Best(input)));
            }
            _live = [];
            return;
        }
        _state.SelectRows(CollectionsMarshal.AsSpan(nextRows));
    }

    public override void Leave(Func<int, bool> gone)
    {
        var kept = new List<int>(_live.Count);
        var rows = new List<int>(_live.Count * _beams);
        for (var item = 0; item < _live.Count; item++)
        {
            if (gone(_live[item]))
            {
                continue;
            }
            kept.Add(_live[item]);
            for (var beam = 0; beam < _beams; beam++)
            {
                rows.Add(item * _beams + beam);
            }
        }
        if (kept.Count == _live.Count)
        {
            return;
        }
        if (kept.Count > 0)
        {
            _state.SelectRows(CollectionsMarshal.AsSpan(rows));
        }
        _outputs = rows.Select(r => _outputs[r]).ToList();
        var scores = rows.Select(r => _beamScores[r]).ToArray();
        scores.CopyTo(_beamScores, 0);
        _live = kept;
    }

    public override void Dispose()
    {
        _state.Dispose();
        _scores.Dispose();
    }

    private GeneratedSequence Best(int input)
    {
        var (score, ids) = _hypotheses[input].Best();
        return new GeneratedSequence(ids, score);
    }

    /// <summary>log_softmax in place on each of the first <paramref name="rows"/> rows, the rows split over the cores.</summary>
    private static void LogSoftmaxRows(float[] scores, int rows, int vocabulary)
    {
        var parts = Math.Min(rows, Environment.ProcessorCount);
        Parallel.For(0, parts, part =>
        {
            var exponentials = System.Buffers.ArrayPool<float>.Shared.Rent(vocabulary);
            try
            {
                for (var r = part * rows / parts; r < (part + 1) * rows / parts; r++)
                {
                    LogSoftmax(scores.AsSpan(r * vocabulary, vocabulary), exponentials.AsSpan(0, vocabulary));
                }
            }
            finally
            {
                System.Buffers.ArrayPool<float>.Shared.Return(exponentials);
            }
        });
    }

    /// <summary>log_softmax in place: x − max − log Σ exp(x − max), vectorised (float sums, as torch's CPU kernel).</summary>
    private static void LogSoftmax(Span<float> row, Span<float> exponentials)
    {
        var max = TensorPrimitives.Max(row);
        TensorPrimitives.Subtract(row, max, row);
        TensorPrimitives.Exp(row, exponentials);
        TensorPrimitives.Subtract(row, MathF.Log(TensorPrimitives.Sum(exponentials)), row);
    }

    /// <summary>The k best (score, flat index) pairs, best first; on equal scores the lower index first, as torch.topk on CPU.</summary>
    private static void TopK(ReadOnlySpan<float> values, Span<float> topScores, Span<int> topIndices)
    {
        var k = topScores.Length;
        topScores.Fill(float.NaN);
        var count = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            if (count == k && !(value > topScores[k - 1]))
            {
                continue;
            }
            var at = Math.Min(count, k - 1);
            while (at > 0 && value > topScores[at - 1])
            {
                topScores[at] = topScores[at - 1];
                topIndices[at] = topIndices[at - 1];
                at--;
            }
            topScores[at] = value;
            topIndices[at] = i;
            count = Math.Min(count + 1, k);
        }
    }
}
