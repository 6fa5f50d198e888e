namespace Translate.Core.Tokenization;

/// <summary>What <see cref="TokenBatch"/> needs of a tokenizer: the row's special tokens, padding, and truncating encoding.</summary>
internal interface IBatchEncoder
{
    /// <summary>The id put before each row ([CLS]), or -1 for none (Marian, T5).</summary>
    int RowPrefixId { get; }

    /// <summary>The id put after each row ([SEP], &lt;/s&gt;).</summary>
    int RowSuffixId { get; }

    int PaddingId { get; }

    /// <summary>Writes as many ids as fit, cutting where it must; returns how many the whole text has.</summary>
    int EncodeTruncated(ReadOnlySpan<char> text, Span<int> ids);
}
