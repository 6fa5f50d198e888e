namespace Translate.Core.Tokenization;

/// <summary>Text to vocabulary ids, with the special tokens and padding its model family uses.</summary>
public interface ITokenizer
{
    /// <summary>The special tokens around a model input row.</summary>
    RowTokens RowTokens { get; }

    /// <summary>The id rows are padded with in a batch (under attention mask 0).</summary>
    int PaddingId { get; }

    /// <summary>Appends the ids of <paramref name="text"/>, without special tokens, to <paramref name="ids"/>.</summary>
    void Encode(string text, List<int> ids);
}

/// <summary>A tokenizer that also turns generated ids back into text (SentencePiece, byte-level BPE).</summary>
public interface IDetokenizer : ITokenizer
{
    /// <summary>The text of <paramref name="ids"/>, special tokens left out.</summary>
    string Decode(ReadOnlySpan<int> ids);
}
