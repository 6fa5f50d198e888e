using System.Text.Json;

namespace Translate.Core.Inference.Generation;

/// <summary>When beam search stops (transformers' <c>early_stopping</c>).</summary>
public enum EarlyStopping
{
    /// <summary><c>false</c>: stop once no open beam can beat the worst finished one, by a length-penalised estimate.</summary>
    Heuristic,

    /// <summary><c>true</c>: stop as soon as <c>num_beams</c> hypotheses are finished.</summary>
    AsSoonAsFinished,

    /// <summary><c>"never"</c>: stop only when no open beam can beat the worst finished one at any length (exact).</summary>
    Never,
}

/// <summary>
/// Every setting of one generation, with the names and meanings of Hugging Face's <c>generation_config.json</c>
/// (transformers 4.4x). Token ids index the decoder vocabulary. Equal settings (by value) can share a decoding run.
/// </summary>
public sealed record GenerationSettings
{
    /// <summary>transformers' default when neither max_length nor max_new_tokens is set.</summary>
    public const int DefaultMaxLength = 20;

    public int DecoderStartTokenId { get; init; }

    public int PadTokenId { get; init; }

    /// <summary>Ids that end a sequence (transformers allows one or a list).</summary>
    public IReadOnlyList<int> EosTokenIds { get; init; } = [];

    /// <summary>Longest output, decoder start token included (transformers' max_length).</summary>
    public int MaxLength { get; init; } = DefaultMaxLength;

    /// <summary>When set, wins over <see cref="MaxLength"/>: at most this many tokens after the start token.</summary>
    public int? MaxNewTokens { get; init; }

    /// <summary>End of sequence is banned while the output (start token included) is shorter than this.</summary>
    public int MinLength { get; init; }

    public int NumBeams { get; init; } = 1;

    /// <summary>Exponent of the length in a finished beam's score: sum of log-probabilities / length^penalty.</summary>
    public double LengthPenalty { get; init; } = 1.0;

    public EarlyStopping EarlyStopping { get; init; } = EarlyStopping.Heuristic;

    /// <summary>No n-gram of this size occurs twice in an output; 0 turns it off.</summary>
    public int NoRepeatNgramSize { get; init; }

    /// <summary>CTRL's penalty on every id already in the output (start token included); 1 turns it off.</summary>
    public float RepetitionPenalty { get; init; } = 1f;

    /// <summary>Id sequences never generated (the last id is banned after the others); Marian bans its pad id.</summary>
    public IReadOnlyList<IReadOnlyList<int>> BadWordsIds { get; init; } = [];

    /// <summary>The first generated token, when set (BART's &lt;s&gt;).</summary>
    public int? ForcedBosTokenId { get; init; }

    /// <summary>The token generated when the output reaches its last position, when set.</summary>
    public int? ForcedEosTokenId { get; init; }

    /// <summary>Carry the decoder's key/value cache between steps; false recomputes the whole prefix every step.</summary>
    public bool UseCache { get; init; } = true;

    /// <summary>Longest output in tokens, decoder start token included.</summary>
    public int EffectiveMaxLength => MaxNewTokens is { } newTokens ? newTokens + 1 : MaxLength;

    public bool IsEos(int token)
    {
        foreach (var eos in EosTokenIds)
        {
            if (eos == token)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Checks every setting against a vocabulary of <paramref name="vocabularySize"/> ids; the error names the setting.</summary>
    public void Validate(int vocabularySize)
    {
        CheckId(DecoderStartTokenId, "decoder_start_token_id");
        CheckId(PadTokenId, "pad_token_id");
        if (EosTokenIds.Count == 0)
        {
            throw new ArgumentException("eos_token_id is not set: generation needs at least one end-of-sequence id.");
        }
        foreach (var eos in EosTokenIds)
        {
            CheckId(eos, "eos_token_id");
        }
        if (EffectiveMaxLength < 2)
        {
            throw new ArgumentOutOfRangeException(MaxNewTokens is null ? "max_length" : "max_new_tokens",
                MaxNewTokens ?? MaxLength, "max_length must be at least 2 (max_new_tokens at least 1): the start token and one generated token.");
        }
        if (MinLength < 0)
        {
            throw new ArgumentOutOfRangeException("min_length", MinLength, "min_length must be 0 or more.");
        }
        if (NumBeams < 1)
        {
            throw new ArgumentOutOfRangeException("num_beams", NumBeams, "num_beams must be at least 1.");
        }
        if (NoRepeatNgramSize < 0)
        {
            throw new ArgumentOutOfRangeException("no_repeat_ngram_size", NoRepeatNgramSize, "no_repeat_ngram_size must be 0 (off) or more.");
        }
        if (!(RepetitionPenalty > 0))
        {
            throw new ArgumentOutOfRangeException("repetition_penalty", RepetitionPenalty, "repetition_penalty must be a positive number (1 is off).");
        }
        if (!double.IsFinite(LengthPenalty))
        {
            throw new ArgumentOutOfRangeException("length_penalty", LengthPenalty, "length_penalty must be a finite number.");
        }
        foreach (var sequence in BadWordsIds)
        {
            if (sequence.Count == 0)
            {
                throw new ArgumentException("bad_words_ids holds an empty sequence.");
            }
            foreach (var id in sequence)
            {
                CheckId(id, "bad_words_ids");
            }
        }
        if (ForcedBosTokenId is { } bos)
        {
            CheckId(bos, "forced_bos_token_id");
        }
        if (ForcedEosTokenId is { } forcedEos)
        {
            CheckId(forcedEos, "forced_eos_token_id");
        }

        void CheckId(int id, string setting)
        {
            if ((uint)id >= (uint)vocabularySize)
            {
                throw new ArgumentOutOfRangeException(setting, id, $"{setting} {id} is outside the decoder vocabulary (0 to {vocabularySize - 1}).");
            }
        }
    }

    /// <summary>
    /// The settings transformers would use: generation_config.json when given (keys it lacks take transformers'
    /// defaults), else the generation keys of config.json. Special token ids missing from the first fall back to config.json.
    /// </summary>
    public static GenerationSettings FromJson(JsonElement? generationConfig, JsonElement modelConfig)
    {
        var source = generationConfig ?? modelConfig;
        int? Id(string name) => Int(source, name) ?? Int(modelConfig, name);
        var eos = IdList(source, "eos_token_id") ?? IdList(modelConfig, "eos_token_id") ?? [];
        var bos = Id("bos_token_id");
        return new GenerationSettings
        {
            // transformers falls back to bos when a model names no decoder start token.
            DecoderStartTokenId = Id("decoder_start_token_id") ?? bos ?? throw new InvalidDataException("Neither decoder_start_token_id nor bos_token_id is set."),
            PadTokenId = Id("pad_token_id") ?? (eos.Length > 0 ? eos[0] : 0),
            EosTokenIds = eos,
            MaxLength = Int(source, "max_length") ?? DefaultMaxLength,
            MaxNewTokens = Int(source, "max_new_tokens"),
            MinLength = Int(source, "min_length") ?? 0,
            NumBeams = Int(source, "num_beams") ?? 1,
            LengthPenalty = Number(source, "length_penalty") ?? 1.0,
            EarlyStopping = ReadEarlyStopping(source),
            NoRepeatNgramSize = Int(source, "no_repeat_ngram_size") ?? 0,
            RepetitionPenalty = (float)(Number(source, "repetition_penalty") ?? 1.0),
            BadWordsIds = ReadBadWords(source),
            ForcedBosTokenId = Int(source, "forced_bos_token_id"),
            ForcedEosTokenId = Int(source, "forced_eos_token_id"),
            UseCache = source.TryGetProperty("use_cache", out var cache) && cache.ValueKind == JsonValueKind.False ? false : true,
        };
    }

    public bool Equals(GenerationSettings? other) =>
        other is not null &&
        DecoderStartTokenId == other.DecoderStartTokenId && PadTokenId == other.PadTokenId &&
        EosTokenIds.SequenceEqual(other.EosTokenIds) && MaxLength == other.MaxLength && MaxNewTokens == other.MaxNewTokens &&
        MinLength == other.MinLength && NumBeams == other.NumBeams && LengthPenalty.Equals(other.LengthPenalty) &&
        EarlyStopping == other.EarlyStopping && NoRepeatNgramSize == other.NoRepeatNgramSize &&
        RepetitionPenalty.Equals(other.RepetitionPenalty) &&
        BadWordsIds.Count == other.BadWordsIds.Count && BadWordsIds.Zip(other.BadWordsIds).All(pair => pair.First.SequenceEqual(pair.Second)) &&
        ForcedBosTokenId == other.ForcedBosTokenId && ForcedEosTokenId == other.ForcedEosTokenId && UseCache == other.UseCache;

    public override int GetHashCode() =>
        HashCode.Combine(HashCode.Combine(DecoderStartTokenId, PadTokenId, EosTokenIds.Count, MaxLength, MaxNewTokens, MinLength, NumBeams),
            HashCode.Combine(LengthPenalty, EarlyStopping, NoRepeatNgramSize, RepetitionPenalty, BadWordsIds.Count, ForcedBosTokenId, ForcedEosTokenId, UseCache));

    private static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static int[]? IdList(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.Number => [value.GetInt32()],
            JsonValueKind.Array => value.EnumerateArray().Select(id => id.GetInt32()).ToArray(),
            _ => null,
        };
    }

    private static EarlyStopping ReadEarlyStopping(JsonElement element)
    {
        if (!element.TryGetProperty("early_stopping", out var value))
        {
            return EarlyStopping.Heuristic;
        }
        return value.ValueKind switch
        {
            JsonValueKind.True => EarlyStopping.AsSoonAsFinished,
            JsonValueKind.False or JsonValueKind.Null => EarlyStopping.Heuristic,
            JsonValueKind.String when value.GetString() == "never" => EarlyStopping.Never,
            _ => throw new InvalidDataException($"early_stopping must be true, false or \"never\", not {value.GetRawText()}."),
        };
    }

    private static IReadOnlyList<IReadOnlyList<int>> ReadBadWords(JsonElement element)
    {
        if (!element.TryGetProperty("bad_words_ids", out var value) || value.ValueKind != JsonValueKind.Array)
        {
            return [];
        }
        return value.EnumerateArray().Select(sequence => sequence.ValueKind == JsonValueKind.Array
            ? (IReadOnlyList<int>)sequence.EnumerateArray().Select(id => id.GetInt32()).ToArray()
            : throw new InvalidDataException("bad_words_ids must be a list of lists of ids.")).ToArray();
    }
}
