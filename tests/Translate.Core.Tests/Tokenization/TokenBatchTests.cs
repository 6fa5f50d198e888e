using Translate.Core.Models;
using Translate.Core.Tokenization;
using Translate.Core.Tokenization.WordPiece;

namespace Translate.Core.Tests.Tokenization;

public sealed class TokenBatchTests
{
    private static readonly WordPieceTokenizer Tokenizer = WordPieceTokenizer.Create(new MemoryStream(EmbeddedMiniLm.Load().Vocabulary));

    private static readonly string[] Texts =
    [
        "A short one.",
        "A somewhat longer sentence, with punctuation and tokenization inside it.",
        "",
        "Crème brûlée à 東京.",
    ];

    private static int[][] Rows(IEnumerable<string> texts) => texts.Select(text => Tokenizer.RowTokens.Wrap(Tokenizer.EncodeToIds(text))).ToArray();

    [Fact]
    public void RowTokens_WordPiece_AreClsThenSep()
    {
        Assert.Equal([Tokenizer.ClassificationId], Tokenizer.RowTokens.Prefix);
        Assert.Equal([Tokenizer.SeparatorId], Tokenizer.RowTokens.Suffix);
    }

    [Fact]
    public void Fill_Rows_EqualEachTextAloneBetweenClsAndSep()
    {
        using var batch = new TokenBatch();
        var rows = Rows(Texts);

        batch.Fill(rows, rows.Max(row => row.Length), Tokenizer.PaddingId);

        Assert.Equal(Texts.Length, batch.Rows);
        Assert.Equal(Texts.Max(text => Tokenizer.CountTokens(text)) + 2, batch.SequenceLength);
        Assert.Equal([Texts.Length, batch.SequenceLength], batch.Shape);
        for (var r = 0; r < Texts.Length; r++)
        {
            int[] expected = [Tokenizer.ClassificationId, .. Tokenizer.EncodeToIds(Texts[r]), Tokenizer.SeparatorId];
            var row = batch.InputIds.Span.Slice(r * batch.SequenceLength, batch.SequenceLength);
            var mask = batch.AttentionMask.Span.Slice(r * batch.SequenceLength, batch.SequenceLength);
            Assert.Equal(expected.Select(id => (long)id), row[..expected.Length].ToArray());
            Assert.All(row[expected.Length..].ToArray(), id => Assert.Equal(Tokenizer.PaddingId, id));
            Assert.Equal(Enumerable.Repeat(1L, expected.Length), mask[..expected.Length].ToArray());
            Assert.All(mask[expected.Length..].ToArray(), bit => Assert.Equal(0, bit));
            Assert.Equal(expected.Length, batch.GetTokenCount(r));
            Assert.Equal(expected.Select(id => (long)id), batch.GetRow(r).ToArray());
        }
        Assert.All(batch.TokenTypeIds.ToArray(), type => Assert.Equal(0, type));
    }

    [Fact]
    public void Fill_RowLongerThanThePaddedLength_IsRefused()
    {
        using var batch = new TokenBatch();
        var rows = Rows(Texts);

        Assert.Throws<ArgumentOutOfRangeException>(() => batch.Fill(rows, 4, Tokenizer.PaddingId));
    }

    [Fact]
    public void Fill_SecondBatchOfSameSize_AllocatesNothing()
    {
        using var batch = new TokenBatch();
        var rows = Rows(Enumerable.Range(0, 64).Select(i => Texts[i % Texts.Length] + " " + i));
        var width = rows.Max(row => row.Length);
        batch.Fill(rows, width, Tokenizer.PaddingId);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            batch.Fill(rows, width, Tokenizer.PaddingId);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Fill_SmallerBatchAfterLarger_ShowsOnlyItsRows()
    {
        using var batch = new TokenBatch();
        var rows = Rows(Texts);
        batch.Fill(rows, rows.Max(row => row.Length), Tokenizer.PaddingId);

        batch.Fill(rows[..1], rows[0].Length, Tokenizer.PaddingId);

        Assert.Equal(1, batch.Rows);
        Assert.Equal(batch.SequenceLength, batch.InputIds.Length);
        Assert.Equal(Tokenizer.EncodeToIds(Texts[0]).Length + 2, batch.SequenceLength);
    }
}
