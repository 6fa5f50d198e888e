namespace Translate.Core.Inference.Generation.Internal;

/// <summary>
/// Greedy search as transformers' generate() with num_beams 1: the logits processors on the raw logits, then the
/// highest score (the lowest id on a tie). A row that produced end of sequence leaves the batch: its cache rows are
/// dropped, so it costs no further decoder work.
/// </summary>
internal static class GreedySearch
{
    public static GeneratedSequence[] Run(Seq2SeqModel model, IReadOnlyList<int[]> inputs, GenerationSettings settings, CancellationToken cancellationToken)
    {
        var vocabulary = model.Architecture.VocabularySize;
        var maxLength = settings.EffectiveMaxLength;
        var processor = new LogitsProcessor(settings, vocabulary);
        var outputs = new List<int>[inputs.Count];
        for (var i = 0; i < outputs.Length; i++)
        {
            outputs[i] = new List<int>(maxLength) { settings.DecoderStartTokenId };
        }
        // live[r]: the input whose output row r of the state decodes.
        var live = Enumerable.Range(0, inputs.Count).ToList();
        var liveOutputs = new List<IReadOnlyList<int>>(outputs);
        using var pooled = new PooledArray<float>(inputs.Count * vocabulary);
        var scores = pooled.Span;
        using var state = model.Encode(inputs);
        var kept = new List<int>(inputs.Count);
        for (var first = true; ; first = false)
        {
            cancellationToken.ThrowIfCancellationRequested();
            DecoderStep.Run(model, state, liveOutputs, settings.UseCache, first, scores);
            kept.Clear();
            for (var r = 0; r < live.Count; r++)
            {
                var row = scores.Slice(r * vocabulary, vocabulary);
                var output = outputs[live[r]];
                processor.Process(row, output, inputs[live[r]]);
                var token = ArgMax(row);
                output.Add(token);
                if (!settings.IsEos(token))
                {
                    kept.Add(r);
                }
            }
            if (kept.Count == 0 || outputs[live[0]].Count >= maxLength)
            {
                break;
            }
            if (kept.Count < live.Count)
            {
                state.SelectRows(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(kept));
                live = kept.Select(r => live[r]).ToList();
                liveOutputs = live.Select(i => (IReadOnlyList<int>)outputs[i]).ToList();
            }
        }
        return outputs.Select(output => new GeneratedSequence(output.ToArray())).ToArray();
    }

    /// <summary>The first index of the highest score (vectorised; logits are never NaN).</summary>
    private static int ArgMax(ReadOnlySpan<float> scores) => System.Numerics.Tensors.TensorPrimitives.IndexOfMax(scores);
}
