using Translate.Core.Inference;
using Translate.Core.Models;
using Translate.Core.Tokenization;
using Translate.Core.Tokenization.WordPiece;
using Xunit;

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

    [Fact]
    public void EncodeBatch_Rows_EqualEachTextAloneBetweenClsAndSep()
    {
        using var batch = new TokenBatch(256);

        Tokenizer.EncodeBatch(Texts, batch);

        Assert.Equal(Texts.Length, batch.Rows);
        Assert.Equal(0, batch.TruncatedRows);
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
            Assert.False(batch.IsTruncated(r));
        }
        Assert.All(batch.TokenTypeIds.ToArray(), type => Assert.Equal(0, type));
    }

    [Fact]
    public void EncodeBatch_RowLongerThanMaximum_IsCutKeepingSepAndReported()
    {
        using var batch = new TokenBatch(8);
        var text = Texts[1];
        var all = Tokenizer.EncodeToIds(text);

        Tokenizer.EncodeBatch([Texts[0], text], batch);

        Assert.Equal(1, batch.TruncatedRows);
        Assert.False(batch.IsTruncated(0));
        Assert.True(batch.IsTruncated(1));
        Assert.Equal(8, batch.SequenceLength);
        Assert.Equal(8, batch.GetTokenCount(1));
        Assert.Equal(all.Length + 2, batch.GetUntruncatedTokenCount(1));
        long[] expected = [Tokenizer.ClassificationId, .. all.Take(6).Select(id => (long)id), Tokenizer.SeparatorId];
        Assert.Equal(expected, batch.GetRow(1).ToArray());
    }

    [Fact]
    public void EncodeBatch_SecondBatchOfSameSize_AllocatesNothing()
    {
        using var batch = new TokenBatch(256);
        var texts = Enumerable.Range(0, 64).Select(i => Texts[i % Texts.Length] + " " + i).ToArray();
        Tokenizer.EncodeBatch(texts, batch);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            Tokenizer.EncodeBatch(texts, batch);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void EncodeBatch_SmallerBatchAfterLarger_ShowsOnlyItsRows()
    {
        using var batch = new TokenBatch(256);
        Tokenizer.EncodeBatch(Texts, batch);

        Tokenizer.EncodeBatch([Texts[0]], batch);

        Assert.Equal(1, batch.Rows);
        Assert.Equal(batch.SequenceLength, batch.InputIds.Length);
        Assert.Equal(Tokenizer.EncodeToIds(Texts[0]).Length + 2, batch.SequenceLength);
    }
}
