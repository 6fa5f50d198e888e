using System.Numerics.Tensors;

namespace Translate.Core.Inference.Generation.Internal;

/// <summary>
/// transformers' logits processors for the settings, in the order of its _get_logits_processor (4.40): repetition
/// penalty, no-repeat n-gram, encoder no-repeat n-gram, bad words, minimum length (min_new_tokens included), forced
/// BOS, forced EOS, suppressed tokens, tokens suppressed at the beginning, and renormalization (log-softmax) last.
/// Applied to one row's scores (raw logits in greedy search, log-probabilities in beam search), given the row's output
/// so far (start token included; its length is transformers' cur_len) and its encoder input. One instance serves one
/// batch run (it keeps a scratch array).
/// </summary>
internal sealed class LogitsProcessor
{
    private readonly GenerationSettings _settings;
    private readonly int _maxLength;
    private readonly int _minLength;
    private readonly int[][] _bannedSequences;
    private readonly bool[] _seen;

    public LogitsProcessor(GenerationSettings settings, int vocabularySize)
    {
        _settings = settings;
        _maxLength = settings.EffectiveMaxLength;
        _minLength = settings.EffectiveMinLength;
        // transformers drops a bad word that is a single end-of-sequence id: it would make ending impossible.
        _bannedSequences = settings.BadWordsIds
            .Where(sequence => !(sequence.Count == 1 && settings.IsEos(sequence[0])))
            .Select(sequence => sequence.ToArray())
            .ToArray();
        _seen = new bool[vocabularySize];
    }

    public void Process(Span<float> scores, IReadOnlyList<int> output, IReadOnlyList<int> input)
    {
        var length = output.Count;
        if (_settings.RepetitionPenalty != 1f)
        {
            PenalizeRepetitions(scores, output, _settings.RepetitionPenalty);
        }
        if (_settings.NoRepeatNgramSize > 0)
        {
            BanNgramsOf(output, scores, output, _settings.NoRepeatNgramSize);
        }
        if (_settings.EncoderNoRepeatNgramSize > 0)
        {
            BanNgramsOf(input, scores, output, _settings.EncoderNoRepeatNgramSize);
        }
        foreach (var sequence in _bannedSequences)
        {
            // transformers 4.40 (a SequenceBias of -inf) skips a sequence longer than the output so far, even when the
            // whole output is its prefix.
            if (sequence.Length <= length && EndsWith(output, sequence.AsSpan(0, sequence.Length - 1)))
            {
                scores[sequence[^1]] = float.NegativeInfinity;
            }
        }
        if (length < _minLength)
        {
            foreach (var eos in _settings.EosTokenIds)
            {
                scores[eos] = float.NegativeInfinity;
            }
        }
        if (_settings.ForcedBosTokenId is { } bos && length == 1)
        {
            scores.Fill(float.NegativeInfinity);
            scores[bos] = 0;
        }
        if (_settings.ForcedEosTokenIds.Count > 0 && length == _maxLength - 1)
        {
            scores.Fill(float.NegativeInfinity);
            foreach (var forcedEos in _settings.ForcedEosTokenIds)
            {
                scores[forcedEos] = 0;
            }
        }
        foreach (var token in _settings.SuppressTokens)
        {
            scores[token] = float.NegativeInfinity;
        }
        if (length == _settings.BeginSuppressLength)
        {
            foreach (var token in _settings.BeginSuppressTokens)
            {
                scores[token] = float.NegativeInfinity;
            }
        }
        if (_settings.RenormalizeLogits)
        {
            LogSoftmax(scores);
        }
    }

    /// <summary>log_softmax in place: x − max − log Σ exp(x − max).</summary>
    public static void LogSoftmax(Span<float> row)
    {
        var max = TensorPrimitives.Max(row);
        double sum = 0;
        foreach (var value in row)
        {
            sum += Math.Exp(value - max);
        }
        TensorPrimitives.Subtract(row, max + (float)Math.Log(sum), row);
    }

    /// <summary>CTRL (Keskar et al., 2019): each id present once is penalised once, however often it occurs.</summary>
    private void PenalizeRepetitions(Span<float> scores, IReadOnlyList<int> output, float penalty)
    {
        foreach (var token in output)
        {
            if (_seen[token])
            {
                continue;
            }
            _seen[token] = true;
            var score = scores[token];
            scores[token] = score < 0 ? score * penalty : score / penalty;
        }
        foreach (var token in output)
        {
            _seen[token] = false;
        }
    }

    /// <summary>
    /// Bans every id that would complete an n-gram of <paramref name="source"/> (the output itself, or the encoder input)
    /// after the output's last n − 1 ids (transformers' _get_ngrams); nothing while the output is shorter than n − 1.
    /// </summary>
    private static void BanNgramsOf(IReadOnlyList<int> source, Span<float> scores, IReadOnlyList<int> output, int n)
    {
        var length = output.Count;
        if (length + 1 < n)
        {
            return;
        }
        var prefixStart = length + 1 - n;
        for (var start = 0; start + n <= source.Count; start++)
        {
            var match = true;
            for (var k = 0; k < n - 1 && match; k++)
            {
                match = source[start + k] == output[prefixStart + k];
            }
            if (match)
            {
                scores[source[start + n - 1]] = float.NegativeInfinity;
            }
        }
    }

    private static bool EndsWith(IReadOnlyList<int> output, ReadOnlySpan<int> suffix)
    {
        if (suffix.Length > output.Count)
        {
            return false;
        }
        var offset = output.Count - suffix.Length;
        for (var k = 0; k < suffix.Length; k++)
        {
            if (output[offset + k] != suffix[k])
            {
                return false;
            }
        }
        return true;
    }
}
