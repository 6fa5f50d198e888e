namespace Translate.Core.Inference.Generation;

/// <summary>The encoder-decoder families whose Optimum exports the engine runs (config.json's model_type).</summary>
public enum ModelFamily
{
    /// <summary>"marian": opus-mt translators; SentencePiece source.spm and target.spm with vocab.json.</summary>
    Marian,

    /// <summary>"bart": BART and DistilBART; byte-level BPE.</summary>
    Bart,

    /// <summary>"t5": T5 and Flan-T5; SentencePiece spiece.model, relative positions.</summary>
    T5,
}

/// <summary>The model_type names of <see cref="ModelFamily"/>, as config.json and models.json spell them.</summary>
public static class ModelFamilies
{
    /// <summary>Every family, by its model_type name.</summary>
    public static IReadOnlyDictionary<string, ModelFamily> ByName { get; } = new Dictionary<string, ModelFamily>(StringComparer.Ordinal)
    {
        ["marian"] = ModelFamily.Marian,
        ["bart"] = ModelFamily.Bart,
        ["t5"] = ModelFamily.T5,
    };

    /// <summary>The model_type name of a family ("marian").</summary>
    public static string Name(this ModelFamily family) => family switch
    {
        ModelFamily.Marian => "marian",
        ModelFamily.Bart => "bart",
        ModelFamily.T5 => "t5",
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, null),
    };
}
