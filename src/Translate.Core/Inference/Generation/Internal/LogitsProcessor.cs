namespace Translate.Core.Inference.Generation.Internal;

/// <summary>
/// transformers' logits processors for the settings, in its order: repetition penalty, no-repeat n-gram, bad words,
/// minimum length, forced BOS, forced EOS. Applied to one row's scores, given the row's output so far (start token
/// included; its length is transformers' cur_len). One instance serves one batch run (it keeps a scratch array).
/// </summary>
internal sealed class LogitsProcessor
{
    private readonly GenerationSettings _settings;
    private readonly int _maxLength;
    private readonly int[][] _bannedSequences;
    private readonly bool[] _seen;

    public LogitsProcessor(GenerationSettings settings, int vocabularySize)
    {
        _settings = settings;
        _maxLength = settings.EffectiveMaxLength;
        // transformers drops a bad word that is a single end-of-sequence id: it would make ending impossible.
        _bannedSequences = settings.BadWordsIds
            .Where(sequence => !(sequence.Count == 1 && settings.IsEos(sequence[0])))
            .Select(sequence => sequence.ToArray())
            .ToArray();
        _seen = new bool[vocabularySize];
    }

    public void Process(Span<float> scores, IReadOnlyList<int> output)
    {
        var length = output.Count;
        if (_settings.RepetitionPenalty != 1f)
        {
            PenalizeRepetitions(scores, output, _settings.RepetitionPenalty);
        }
        if (_settings.NoRepeatNgramSize > 0)
        {
            BanRepeatedNgrams(scores, output, _settings.NoRepeatNgramSize);
        }
        foreach (var sequence in _bannedSequences)
        {
            if (EndsWith(output, sequence.AsSpan(0, sequence.Length - 1)))
            {
                scores[sequence[^1]] = float.NegativeInfinity;
            }
        }
        if (length < _settings.MinLength)
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
        if (_settings.ForcedEosTokenId is { } forcedEos && length == _maxLength - 1)
        {
            scores.Fill(float.NegativeInfinity);
            scores[forcedEos] = 0;
        }
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

    /// <summary>Bans every id that would complete an n-gram already in the output (transformers' _get_ngrams).</summary>
    private static void BanRepeatedNgrams(Span<float> scores, IReadOnlyList<int> output, int n)
    {
        var length = output.Count;
        if (length + 1 < n)
        {
            return;
        }
        var prefixStart = length + 1 - n;
        for (var start = 0; start + n <= length; start++)
        {
            var match = true;
            for (var k = 0; k < n - 1 && match; k++)
            {
                match = output[start + k] == output[prefixStart + k];
            }
            if (match)
            {
                scores[output[start + n - 1]] = float.NegativeInfinity;
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
