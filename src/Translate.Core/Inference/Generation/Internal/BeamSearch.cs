using System.Numerics.Tensors;

namespace Translate.Core.Inference.Generation.Internal;

/// <summary>
/// Beam search as transformers' generate() with BeamSearchScorer: log-softmax of the logits, the logits processors,
/// plus the beam's running score; the best 2 × num_beams candidates over beams × vocabulary; an end of sequence among
/// the first num_beams closes a hypothesis, the other candidates fill the beams. The cache rows follow their beams.
/// An input whose hypotheses are done leaves the batch, so it costs no further decoder work.
/// </summary>
internal static class BeamSearch
{
    // transformers starts every beam but the first at -1e9, so the first step expands one beam only.
    private const float UnusedBeamScore = -1e9f;

    public static GeneratedSequence[] Run(Seq2SeqModel model, IReadOnlyList<int[]> inputs, GenerationSettings settings, CancellationToken cancellationToken)
    {
        var beams = settings.NumBeams;
        var vocabulary = model.Architecture.VocabularySize;
        var maxLength = settings.EffectiveMaxLength;
        var processor = new LogitsProcessor(settings, vocabulary);
        var candidates = Math.Max(2, 1 + settings.EosTokenIds.Count) * beams;
        var hypotheses = inputs.Select(_ => new BeamHypotheses(beams, settings.LengthPenalty, settings.EarlyStopping, maxLength)).ToArray();

        // Row r of the state is beam r % beams of input live[r / beams].
        var live = Enumerable.Range(0, inputs.Count).ToList();
        var outputs = new List<IReadOnlyList<int>>(inputs.Count * beams);
        var beamScores = new float[inputs.Count * beams];
        for (var r = 0; r < inputs.Count * beams; r++)
        {
            outputs.Add(new[] { settings.DecoderStartTokenId });
            beamScores[r] = r % beams == 0 ? 0f : UnusedBeamScore;
        }
        using var pooled = new PooledArray<float>(inputs.Count * beams * vocabulary);
        var scores = pooled.Span;
        var topScores = new float[candidates];
        var topIndices = new int[candidates];
        using var state = model.Encode(inputs);
        state.SelectRows(Enumerable.Range(0, inputs.Count * beams).Select(r => r / beams).ToArray());

        for (var first = true; ; first = false)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var length = outputs[0].Count;
            DecoderStep.Run(model, state, outputs, settings.UseCache, first, scores);
            LogSoftmaxRows(pooled.Array, state.Rows, vocabulary);
            for (var r = 0; r < state.Rows; r++)
            {
                var row = scores.Slice(r * vocabulary, vocabulary);
                processor.Process(row, outputs[r], inputs[live[r / beams]]);
                TensorPrimitives.Add(row, beamScores[r], row);
            }

            var nextLive = new List<int>(live.Count);
            var nextRows = new List<int>(live.Count * beams);
            var nextOutputs = new List<IReadOnlyList<int>>(live.Count * beams);
            var nextScores = new List<float>(live.Count * beams);
            for (var item = 0; item < live.Count; item++)
            {
                var input = live[item];
                var firstRow = item * beams;
                TopK(scores.Slice(firstRow * vocabulary, beams * vocabulary), topScores, topIndices);
                var filled = 0;
                for (var rank = 0; rank < candidates && filled < beams; rank++)
                {
                    var row = firstRow + topIndices[rank] / vocabulary;
                    var token = topIndices[rank] % vocabulary;
                    if (settings.IsEos(token))
                    {
                        // An end of sequence ranked below the beam width does not close a hypothesis.
                        if (rank < beams)
                        {
                            hypotheses[input].Add([.. outputs[row], token], topScores[rank], length);
                        }
                        continue;
                    }
                    nextRows.Add(row);
                    nextOutputs.Add([.. outputs[row], token]);
                    nextScores.Add(topScores[rank]);
                    filled++;
                }
                if (hypotheses[input].IsDone(topScores[0], length))
                {
                    // Done: its beams leave the batch.
                    nextRows.RemoveRange(nextRows.Count - filled, filled);
                    nextOutputs.RemoveRange(nextOutputs.Count - filled, filled);
                    nextScores.RemoveRange(nextScores.Count - filled, filled);
                }
                else
                {
                    nextLive.Add(input);
                }
            }
            live = nextLive;
            outputs = nextOutputs;
            nextScores.CopyTo(beamScores);
            if (live.Count == 0)
            {
                break;
            }
            if (length + 1 >= maxLength)
            {
                // At the length limit every open beam becomes a hypothesis, scored by its length after the start token.
                for (var r = 0; r < outputs.Count; r++)
                {
                    hypotheses[live[r / beams]].Add([.. outputs[r]], beamScores[r], outputs[r].Count - 1);
                }
                break;
            }
            state.SelectRows(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(nextRows));
        }
        return hypotheses.Select(hypothesis =>
        {
            var (score, ids) = hypothesis.Best();
            return new GeneratedSequence(ids, score);
        }).ToArray();
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
