using System.Text.Json;
using Translate.Core.Inference.Generation.Internal;

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

    /// <summary>When set, wins over <see cref="MinLength"/> (transformers 4.40): end of sequence is banned until this many tokens follow the start token.</summary>
    public int? MinNewTokens { get; init; }

    public int NumBeams { get; init; } = 1;

    /// <summary>Exponent of the length in a finished beam's score: sum of log-probabilities / length^penalty.</summary>
    public double LengthPenalty { get; init; } = 1.0;

    public EarlyStopping EarlyStopping { get; init; } = EarlyStopping.Heuristic;

    /// <summary>No n-gram of this size occurs twice in an output; 0 turns it off.</summary>
    public int NoRepeatNgramSize { get; init; }

    /// <summary>No n-gram of this size in the encoder input occurs in an output; 0 turns it off.</summary>
    public int EncoderNoRepeatNgramSize { get; init; }

    /// <summary>CTRL's penalty on every id already in the output (start token included); 1 turns it off.</summary>
    public float RepetitionPenalty { get; init; } = 1f;

    /// <summary>Id sequences never generated (the last id is banned after the others); Marian bans its pad id.</summary>
    public IReadOnlyList<IReadOnlyList<int>> BadWordsIds { get; init; } = [];

    /// <summary>The first generated token, when set (BART's &lt;s&gt;).</summary>
    public int? ForcedBosTokenId { get; init; }

    /// <summary>The only ids allowed when the output reaches its last position (transformers takes one id or a list); empty turns it off.</summary>
    public IReadOnlyList<int> ForcedEosTokenIds { get; init; } = [];

    /// <summary>Ids never generated.</summary>
    public IReadOnlyList<int> SuppressTokens { get; init; } = [];

    /// <summary>Ids not generated as the first token (as the second after a forced BOS).</summary>
    public IReadOnlyList<int> BeginSuppressTokens { get; init; } = [];

    /// <summary>
    /// log-softmax of the processed scores as the last processor (transformers' LogitNormalization; opus-mt sets it). In beam
    /// search it changes which beams win: each beam's scores are renormalized after the bans and penalties.
    /// </summary>
    public bool RenormalizeLogits { get; init; }

    /// <summary>Carry the decoder's key/value cache between steps; false recomputes the whole prefix every step.</summary>
    public bool UseCache { get; init; } = true;

    /// <summary>Longest output in tokens, decoder start token included.</summary>
    public int EffectiveMaxLength => MaxNewTokens is { } newTokens ? newTokens + 1 : MaxLength;

    /// <summary>Shortest output before end of sequence is allowed, start token included (min_new_tokens wins, as in transformers 4.40).</summary>
    public int EffectiveMinLength => MinNewTokens is { } newTokens ? newTokens + 1 : MinLength;

    /// <summary>The output length (start token included) at which <see cref="BeginSuppressTokens"/> applies: one later after a forced BOS.</summary>
    public int BeginSuppressLength => ForcedBosTokenId is null ? 1 : 2;

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
        if (MinNewTokens < 0)
        {
            throw new ArgumentOutOfRangeException("min_new_tokens", MinNewTokens, "min_new_tokens must be 0 or more.");
        }
        if (NumBeams < 1)
        {
            throw new ArgumentOutOfRangeException("num_beams", NumBeams, "num_beams must be at least 1.");
        }
        if (NoRepeatNgramSize < 0)
        {
            throw new ArgumentOutOfRangeException("no_repeat_ngram_size", NoRepeatNgramSize, "no_repeat_ngram_size must be 0 (off) or more.");
        }
        if (EncoderNoRepeatNgramSize < 0)
        {
            throw new ArgumentOutOfRangeException("encoder_no_repeat_ngram_size", EncoderNoRepeatNgramSize, "encoder_no_repeat_ngram_size must be 0 (off) or more.");
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
        foreach (var id in ForcedEosTokenIds)
        {
            CheckId(id, "forced_eos_token_id");
        }
        foreach (var id in SuppressTokens)
        {
            CheckId(id, "suppress_tokens");
        }
        foreach (var id in BeginSuppressTokens)
        {
            CheckId(id, "begin_suppress_tokens");
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
    /// A setting that would change the output and that this engine does not implement (sampling, group beam search,
    /// constraints, ...) is refused, and so is any key of generation_config.json that is not a transformers generation setting:
    /// the error names it (docs/GENERATION.md lists every field and what the engine does with it).
    /// </summary>
    /// <exception cref="InvalidDataException">A setting is refused or has the wrong type; the message names it.</exception>
    public static GenerationSettings FromJson(JsonElement? generationConfig, JsonElement modelConfig)
    {
        var source = generationConfig ?? modelConfig;
        GenerationConfigFields.Check(source, isGenerationConfig: generationConfig is not null);
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
            MinNewTokens = Int(source, "min_new_tokens"),
            NumBeams = Int(source, "num_beams") ?? 1,
            LengthPenalty = Number(source, "length_penalty") ?? 1.0,
            EarlyStopping = ReadEarlyStopping(source),
            NoRepeatNgramSize = Int(source, "no_repeat_ngram_size") ?? 0,
            EncoderNoRepeatNgramSize = Int(source, "encoder_no_repeat_ngram_size") ?? 0,
            RepetitionPenalty = (float)(Number(source, "repetition_penalty") ?? 1.0),
            BadWordsIds = ReadBadWords(source),
            ForcedBosTokenId = Int(source, "forced_bos_token_id"),
            ForcedEosTokenIds = IdList(source, "forced_eos_token_id") ?? [],
            SuppressTokens = IdList(source, "suppress_tokens") ?? [],
            BeginSuppressTokens = IdList(source, "begin_suppress_tokens") ?? [],
            RenormalizeLogits = Bool(source, "renormalize_logits") ?? false,
            UseCache = Bool(source, "use_cache") ?? true,
        };
    }

    public bool Equals(GenerationSettings? other) =>
        other is not null &&
        DecoderStartTokenId == other.DecoderStartTokenId && PadTokenId == other.PadTokenId &&
        EosTokenIds.SequenceEqual(other.EosTokenIds) && MaxLength == other.MaxLength && MaxNewTokens == other.MaxNewTokens &&
        MinLength == other.MinLength && MinNewTokens == other.MinNewTokens && NumBeams == other.NumBeams && LengthPenalty.Equals(other.LengthPenalty) &&
        EarlyStopping == other.EarlyStopping && NoRepeatNgramSize == other.NoRepeatNgramSize &&
        EncoderNoRepeatNgramSize == other.EncoderNoRepeatNgramSize && RepetitionPenalty.Equals(other.RepetitionPenalty) &&
        BadWordsIds.Count == other.BadWordsIds.Count && BadWordsIds.Zip(other.BadWordsIds).All(pair => pair.First.SequenceEqual(pair.Second)) &&
        ForcedBosTokenId == other.ForcedBosTokenId && ForcedEosTokenIds.SequenceEqual(other.ForcedEosTokenIds) &&
        SuppressTokens.SequenceEqual(other.SuppressTokens) && BeginSuppressTokens.SequenceEqual(other.BeginSuppressTokens) &&
        RenormalizeLogits == other.RenormalizeLogits && UseCache == other.UseCache;

    public override int GetHashCode() =>
        HashCode.Combine(HashCode.Combine(DecoderStartTokenId, PadTokenId, EosTokenIds.Count, MaxLength, MaxNewTokens, MinLength, MinNewTokens, NumBeams),
            HashCode.Combine(LengthPenalty, EarlyStopping, NoRepeatNgramSize, EncoderNoRepeatNgramSize, RepetitionPenalty, BadWordsIds.Count, ForcedBosTokenId, ForcedEosTokenIds.Count),
            HashCode.Combine(SuppressTokens.Count, BeginSuppressTokens.Count, RenormalizeLogits, UseCache));

    private static int? Int(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw new InvalidDataException($"{name} must be an integer, not {value.GetRawText()}.");
    }

    private static double? Number(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw new InvalidDataException($"{name} must be a number, not {value.GetRawText()}.");
    }

    private static bool? Bool(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new InvalidDataException($"{name} must be true or false, not {value.GetRawText()}."),
        };
    }

    private static int[]? IdList(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.Number => [Int(element, name)!.Value],
            JsonValueKind.Array => value.EnumerateArray().Select(id => id.ValueKind == JsonValueKind.Number && id.TryGetInt32(out var number)
                ? number
                : throw new InvalidDataException($"{name} must be an id or a list of ids, not {value.GetRawText()}.")).ToArray(),
            _ => throw new InvalidDataException($"{name} must be an id or a list of ids, not {value.GetRawText()}."),
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
        if (!element.TryGetProperty("bad_words_ids", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("bad_words_ids must be a list of lists of ids.");
        }
        return value.EnumerateArray().Select(sequence => sequence.ValueKind == JsonValueKind.Array
            ? (IReadOnlyList<int>)sequence.EnumerateArray().Select(id => id.ValueKind == JsonValueKind.Number && id.TryGetInt32(out var number)
                ? number
                : throw new InvalidDataException("bad_words_ids must be a list of lists of ids.")).ToArray()
            : throw new InvalidDataException("bad_words_ids must be a list of lists of ids.")).ToArray();
    }
}
