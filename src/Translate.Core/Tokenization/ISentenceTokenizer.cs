namespace Translate.Core.Tokenization;

/// <summary>A tokenizer for an encoder model: text to vocabulary ids, and the model's special tokens.</summary>
public interface ISentenceTokenizer
{
    int ClassificationId { get; }

    int SeparatorId { get; }

    int PaddingId { get; }

    /// <summary>Appends the ids of <paramref name="text"/>, without special tokens, to <paramref name="ids"/>.</summary>
    void Encode(string text, List<int> ids);
}
