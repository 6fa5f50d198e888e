using System.Buffers;
using Translate.Core.Models;
using Translate.Core.Tokenization.WordPiece;

namespace Translate.Core.Tests.Tokenization;

public sealed class WordPieceTokenizerTests
{
    private static readonly WordPieceTokenizer Tokenizer = WordPieceTokenizer.Create(new MemoryStream(EmbeddedMiniLm.Load().Vocabulary));

    private const string Sentence = "Unbelievably, the tokenizer's résumé handled 東京 and 😀 without [UNK] surprises.";

    [Fact]
    public void EncodeToIds_KnownSentence_GivesBertUncasedPieces()
    {
        var pieces = Tokenizer.EncodeToIds("Hello, world! Tokenization is unbelievable.").Select(Tokenizer.GetPiece);

        Assert.Equal(["hello", ",", "world", "!", "token", "##ization", "is", "unbelievable", "."], pieces);
    }

    [Fact]
    public void EncodeToIds_EveryBufferSize_WritesWholeWordsAndResumesExactly()
    {
        var full = Tokenizer.EncodeToIds(Sentence);
        var fullOffsets = new Range[full.Length];
        Assert.Equal(OperationStatus.Done, Tokenizer.EncodeToIds(Sentence, new int[full.Length], fullOffsets, out var fullWritten, out var fullConsumed));
        Assert.Equal(full.Length, fullWritten);
        Assert.Equal(Sentence.Length, fullConsumed);

        for (var size = 0; size <= full.Length + 1; size++)
        {
            var ids = new int[size];
            var offsets = new Range[size];

            var status = Tokenizer.EncodeToIds(Sentence, ids, offsets, out var written, out var consumed);

            if (size >= full.Length)
            {
                Assert.Equal(OperationStatus.Done, status);
                Assert.Equal(full.Length, written);
                Assert.Equal(Sentence.Length, consumed);
            }
            else
            {
                Assert.Equal(OperationStatus.DestinationTooSmall, status);
                Assert.True(written <= size);
                // Resuming from where it stopped gives exactly the rest, offsets shifted by what was consumed.
                var restOffsets = new Range[full.Length];
                Assert.Equal(OperationStatus.Done, Tokenizer.EncodeToIds(Sentence.AsSpan(consumed), new int[full.Length], restOffsets, out var restWritten, out _));
                Assert.Equal(full.AsSpan(written).ToArray(), Tokenizer.EncodeToIds(Sentence[consumed..]));
                Assert.Equal(full.Length - written, restWritten);
                for (var t = 0; t < restWritten; t++)
                {
                    Assert.Equal(fullOffsets[written + t], new Range(restOffsets[t].Start.Value + consumed, restOffsets[t].End.Value + consumed));
                }
            }
            Assert.Equal(full.AsSpan(0, written).ToArray(), ids.AsSpan(0, written).ToArray());
            Assert.Equal(fullOffsets.AsSpan(0, written).ToArray(), offsets.AsSpan(0, written).ToArray());
        }
    }

    [Fact]
    public void EncodeToIds_BufferOneShortOfAWord_StopsBeforeTheWord()
    {
        // "unbelievably" is un ##bel ##ie ##va ##bly or the like: more than one piece, never cut.
        var full = Tokenizer.EncodeToIds("tokenization");
        Assert.True(full.Length > 1);

        var status = Tokenizer.EncodeToIds("tokenization", new int[full.Length - 1], out var written, out var consumed);

        Assert.Equal(OperationStatus.DestinationTooSmall, status);
        Assert.Equal(0, written);
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void EncodeToIds_Offsets_PointAtTheSourceOfEachPiece()
    {
        const string text = "Crème BRÛLÉE, tokenization\tdone 東京 😀x";
        var ids = new int[64];
        var offsets = new Range[64];

        Tokenizer.EncodeToIds(text, ids, offsets, out var written, out _);

        var pieces = ids.Take(written).Select(Tokenizer.GetPiece).ToArray();
        var sources = offsets.Take(written).Select(range => text[range]).ToArray();
        Assert.Equal(["cr", "##eme", "br", "##ule", "##e", ",", "token", "##ization", "done", "東", "京", "[UNK]"], pieces);
        Assert.Equal(["Cr", "ème", "BR", "ÛLÉ", "E", ",", "token", "ization", "done", "東", "京", "😀x"], sources);
    }

    [Fact]
    public void EncodeToIds_AsciiText_OffsetsSpellEachPiece()
    {
        const string text = "The quick brown fox's unbelievably long-winded tokenization, 3.14 percent!";
        var ids = new int[64];
        var offsets = new Range[64];

        Tokenizer.EncodeToIds(text, ids, offsets, out var written, out _);

        for (var t = 0; t < written; t++)
        {
            Assert.Equal(Tokenizer.GetPiece(ids[t]).Replace("##", ""), text[offsets[t]].ToLowerInvariant());
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    [InlineData("\u200B\u0000\uFEFF")]
    public void EncodeToIds_NothingToEncode_WritesNothing(string text)
    {
        var status = Tokenizer.EncodeToIds(text, [], out var written, out var consumed);

        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(0, written);
        Assert.Equal(text.Length, consumed);
    }

    [Fact]
    public void EncodeToIds_WordOver100CodePoints_IsOneUnknown()
    {
        Assert.Equal([Tokenizer.UnknownId], Tokenizer.EncodeToIds(new string('a', 101)));
        Assert.NotEqual([Tokenizer.UnknownId], Tokenizer.EncodeToIds(new string('a', 100)));
        // The limit counts code points after normalization: a dropped accent does not count.
        Assert.NotEqual([Tokenizer.UnknownId], Tokenizer.EncodeToIds(new string('a', 100) + "\u0301"));
    }

    [Fact]
    public void EncodeToIds_SpecialTokensInText_AreMatchedUnlessDisabled()
    {
        var literal = WordPieceTokenizer.Create(new MemoryStream(EmbeddedMiniLm.Load().Vocabulary), matchSpecialTokens: false);

        Assert.Equal([Tokenizer.ClassificationId, 1037, Tokenizer.SeparatorId], Tokenizer.EncodeToIds("[CLS] a [SEP]"));
        Assert.Equal(["[", "cl", "##s", "]"], literal.EncodeToIds("[CLS]").Select(literal.GetPiece));
    }

    [Fact]
    public void CountTokens_EqualsTheNumberOfIds()
    {
        Assert.Equal(Tokenizer.EncodeToIds(Sentence).Length, Tokenizer.CountTokens(Sentence));
    }

    [Fact]
    public void Encode_TextOfThousandsOfTokens_AppendsAllIdsInOrder()
    {
        var text = string.Join(' ', Enumerable.Repeat(Sentence, 200));
        var ids = new List<int> { 42 };

        Tokenizer.Encode(text, ids);

        var one = Tokenizer.EncodeToIds(Sentence);
        Assert.Equal(1 + 200 * one.Length, ids.Count);
        Assert.Equal(42, ids[0]);
        Assert.Equal(Enumerable.Repeat(one, 200).SelectMany(x => x), ids.Skip(1));
    }

    [Fact]
    public void EncodeToIds_IntoCallerBuffers_AllocatesNothing()
    {
        var ids = new int[128];
        var offsets = new Range[128];
        Tokenizer.EncodeToIds(Sentence, ids, offsets, out _, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            Tokenizer.EncodeToIds(Sentence, ids, out _, out _);
            Tokenizer.EncodeToIds(Sentence, ids, offsets, out _, out _);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void FromFile_ModelFolder_LoadsItsVocabTxt()
    {
        var folder = Directory.CreateTempSubdirectory("translate-vocab-");
        try
        {
            File.WriteAllBytes(Path.Combine(folder.FullName, "vocab.txt"), EmbeddedMiniLm.Load().Vocabulary);

            var fromFolder = WordPieceTokenizer.FromFile(folder.FullName);

            Assert.Equal(Tokenizer.EncodeToIds(Sentence), fromFolder.EncodeToIds(Sentence));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
