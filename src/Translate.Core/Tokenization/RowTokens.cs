namespace Translate.Core.Tokenization;

/// <summary>
/// The special tokens a model family puts around one row of ids: BERT [CLS] ids [SEP]; BART &lt;s&gt; ids &lt;/s&gt;;
/// Marian and T5 ids &lt;/s&gt;. Each tokenizer knows its family's, so no caller spells them out again.
/// </summary>
public sealed record RowTokens(int[] Prefix, int[] Suffix)
{
    /// <summary>How many ids the special tokens take in a row.</summary>
    public int Count => Prefix.Length + Suffix.Length;

    /// <summary>A new row: the prefix, <paramref name="ids"/>, the suffix.</summary>
    public int[] Wrap(ReadOnlySpan<int> ids)
    {
        var row = new int[Count + ids.Length];
        Prefix.CopyTo(row, 0);
        ids.CopyTo(row.AsSpan(Prefix.Length));
        Suffix.CopyTo(row, Prefix.Length + ids.Length);
        return row;
    }

    /// <summary>The row tokens of ids that are present (an id below 0 means the vocabulary has no such token).</summary>
    internal static RowTokens Of(int prefix, int suffix) => new(prefix >= 0 ? [prefix] : [], suffix >= 0 ? [suffix] : []);
}
