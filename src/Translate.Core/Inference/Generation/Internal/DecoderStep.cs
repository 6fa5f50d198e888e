using Microsoft.ML.OnnxRuntime;

namespace Translate.Core.Inference.Generation.Internal;

/// <summary>One decoding step for every row of a <see cref="DecoderState"/>: the next-token logits of each row.</summary>
internal static class DecoderStep
{
    /// <summary>
    /// Runs the decoder on the rows' outputs so far and writes each row's logits for the next token to
    /// <paramref name="scores"/> (row r at r × vocabulary). With the cache, only each row's last token is fed and the
    /// presents become the state's cache; without, the whole prefix is recomputed.
    /// </summary>
    /// <param name="first">No step has run on this state yet (the cache is empty).</param>
    public static void Run(Seq2SeqModel model, DecoderState state, IReadOnlyList<IReadOnlyList<int>> outputs, bool useCache, bool first, Span<float> scores)
    {
        var rows = state.Rows;
        // Without the cache every row is fed its whole output (rows decode in step, all of one length); with it,
        // each row its last token (rows of a merged batch have outputs of different lengths).
        var fed = useCache ? 1 : outputs[0].Count;
        var ids = new long[rows * fed];
        for (var r = 0; r < rows; r++)
        {
            var output = outputs[r];
            for (var c = 0; c < fed; c++)
            {
                ids[r * fed + c] = output[output.Count - fed + c];
            }
        }
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [rows, fed]);
        var decoder = model.DecoderSessions;
        model.CountDecodedRows(rows);
        if (!useCache)
        {
            using var recomputed = decoder.RunWithoutPast(idsValue, state, presents: false);
            CopyLastLogits(recomputed[0], model.Architecture.VocabularySize, rows, scores);
            return;
        }
        var results = first ? decoder.RunWithoutPast(idsValue, state, presents: true) : decoder.RunWithPast(idsValue, state);
        try
        {
            CopyLastLogits(results[0], model.Architecture.VocabularySize, rows, scores);
        }
        catch
        {
            results.Dispose();
            throw;
        }
        // The state owns the run's outputs from here: its presents are the cache of the next step.
        if (first)
        {
            decoder.KeepAllPresents(results, state);
        }
        else
        {
            decoder.KeepSelfPresents(results, state);
        }
    }

    private static void CopyLastLogits(OrtValue logits, int vocabulary, int rows, Span<float> scores)
    {
        var info = logits.GetTensorTypeAndShape();
        var shape = info.Shape;
        if (shape.Length != 3 || shape[0] != rows || shape[2] != vocabulary)
        {
            throw new InvalidDataException(
                $"The decoder's logits have shape [{string.Join(", ", shape)}]; expected [{rows}, length, {vocabulary}] (vocab_size of config.json).");
        }
        var positions = (int)shape[1];
        var data = logits.GetTensorDataAsSpan<float>();
        for (var r = 0; r < rows; r++)
        {
            data.Slice(((r * positions) + positions - 1) * vocabulary, vocabulary).CopyTo(scores.Slice(r * vocabulary, vocabulary));
        }
    }
}
