using System.Buffers;
using System.Text;
using Translate.Core.Tokenization;
using Translate.Core.Tokenization.SentencePiece;

namespace Translate.Core.Tests.Tokenization;

/// <summary>The span API, offsets, decoding and batches of <see cref="SentencePieceTokenizer"/>, on the committed French model.</summary>
public sealed class SentencePieceTokenizerTests
{
    private static readonly SentencePieceTokenizer French = SentencePieceTokenizer.FromFile(SentencePieceReference.Fixture("fr-unigram-2000.model"));

    private static readonly string[] Texts =
    [
        "Le fichier de configuration est lu au démarrage.",
        "  Plusieurs   espaces,\tune tabulation et ＦＵＬＬＷＩＤＴＨ.  ",
        "Caractères rares : ꙮ ᚠᚡ 😀 et <sep> entre @@ deux.",
        "",
        "anticonstitutionnellement " + new string('x', 300),
    ];

    [Fact]
    public void EncodeToIds_EveryBufferSize_ResumesToTheSameIds()
    {
        foreach (var text in Texts)
        {
            var expected = French.EncodeToIds(text);
            for (var size = 1; size <= expected.Length + 1; size++)
            {
                var ids = new List<int>();
                var rest = text.AsSpan();
                var buffer = new int[size];
                for (var guard = 0; ; guard++)
                {
                    Assert.True(guard <= expected.Length + 1, $"no progress at buffer size {size}");
                    var status = French.EncodeToIds(rest, buffer, out var written, out var consumed);
                    ids.AddRange(buffer[..written]);
                    if (status == OperationStatus.Done)
                    {
                        Assert.Equal(rest.Length, consumed);
                        break;
                    }
                    Assert.Equal(OperationStatus.DestinationTooSmall, status);
                    if (written == 0)
                    {
                        // One word has more pieces than the buffer holds: the caller needs a larger one.
                        Assert.Equal(0, consumed);
                        buffer = new int[buffer.Length * 2];
                        continue;
                    }
                    rest = rest[consumed..];
                }
                Assert.Equal(expected, ids);
            }
        }
    }

    [Fact]
    public void EncodeToIds_Offsets_SpellEachPiece()
    {
        var text = "Le fichier  est lu, à 10 h.";
        var ids = new int[64];
        var offsets = new Range[64];

        var status = French.EncodeToIds(text, ids, offsets, out var written, out var consumed);

        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(text.Length, consumed);
        Assert.Equal(French.EncodeToIds(text), ids[..written]);
        Assert.Equal(0, offsets[0].Start.Value);
        for (var t = 0; t < written; t++)
        {
            // A piece is its source text with the spaces before it as "▁" (the first one's is the dummy prefix).
            var source = text[offsets[t]].TrimStart(' ');
            var piece = French.GetPiece(ids[t]).TrimStart('\u2581');
            Assert.Equal(piece, source);
            if (t > 0)
            {
                Assert.Equal(offsets[t - 1].End, offsets[t].Start);
            }
        }
        Assert.Equal(text.Length, offsets[written - 1].End.Value);
    }

    [Fact]
    public void EncodeToIds_ByteFallback_GivesTheBytesOfAnUnknownCharacter()
    {
        var ids = French.EncodeToIds("ꙮ");
        var pieces = ids.Select(French.GetPiece).ToArray();

        Assert.Equal(["\u2581", "<0xEA>", "<0x99>", "<0xAE>"], pieces);
        Assert.Equal("ꙮ", French.Decode(ids));
    }

    [Fact]
    public void EncodeToIds_UserDefinedSymbol_IsOnePieceAndControlSymbolIsText()
    {
        var sep = French.EncodeToIds("x<sep>y").Select(French.GetPiece).ToArray();
        var control = French.EncodeToIds("<ctl>").Select(French.GetPiece).ToArray();

        Assert.Contains("<sep>", sep);
        Assert.DoesNotContain("<ctl>", control);
    }

    [Fact]
    public void Decode_EncodedText_GivesTheNormalizedText()
    {
        Assert.Equal("Le fichier de configuration est lu au démarrage.", French.Decode(French.EncodeToIds(Texts[0])));
        Assert.Equal("Plusieurs espaces, une tabulation et FULLWIDTH.", French.Decode(French.EncodeToIds(Texts[1])));
        Assert.Equal("", French.Decode([]));
    }

    [Fact]
    public void Decode_ControlPieces_AreSkippedUnlessAsked()
    {
        int[] ids = [French.EndOfSequenceId, .. French.EncodeToIds("Bonjour"), French.EndOfSequenceId];

        Assert.Equal("Bonjour", French.Decode(ids));
        Assert.Equal("</s> Bonjour</s>", French.Decode(ids, skipSpecialTokens: false));
    }

    [Fact]
    public void CountTokens_EqualsTheIdsOfEncode()
    {
        foreach (var text in Texts)
        {
            Assert.Equal(French.EncodeToIds(text).Length, French.CountTokens(text));
        }
    }

    [Fact]
    public void RowTokens_RowsInABatch_AreIdsThenEndOfSequenceThenPadding()
    {
        using var batch = new TokenBatch();
        var rows = Texts.Select(text => French.RowTokens.Wrap(French.EncodeToIds(text))).ToArray();

        batch.Fill(rows, rows.Max(row => row.Length), French.PaddingId);

        Assert.Equal(Texts.Length, batch.Rows);
        Assert.Equal(Texts.Max(text => French.CountTokens(text)) + 1, batch.SequenceLength);
        for (var r = 0; r < Texts.Length; r++)
        {
            int[] expected = [.. French.EncodeToIds(Texts[r]), French.EndOfSequenceId];
            var row = batch.InputIds.Span.Slice(r * batch.SequenceLength, batch.SequenceLength);
            var mask = batch.AttentionMask.Span.Slice(r * batch.SequenceLength, batch.SequenceLength);
            Assert.Equal(expected.Select(id => (long)id), row[..expected.Length].ToArray());
            Assert.All(row[expected.Length..].ToArray(), id => Assert.Equal(French.PaddingId, id));
            Assert.Equal(expected.Length, (int)mask.ToArray().Sum());
        }
    }

    [Fact]
    public void EncodeToIds_LongText_UsesPooledBuffersAndStaysExact()
    {
        var text = string.Join(' ', Enumerable.Repeat(Texts[0], 200));
        var one = French.EncodeToIds(Texts[0]);

        var ids = French.EncodeToIds(text);

        Assert.Equal(one.Length * 200, ids.Length);
        Assert.Equal(one, ids[..one.Length]);
    }

    [Fact]
    public void Create_NotAModel_ThrowsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => SentencePieceTokenizer.Create(new MemoryStream(Encoding.UTF8.GetBytes("not a model"))));
    }
}
