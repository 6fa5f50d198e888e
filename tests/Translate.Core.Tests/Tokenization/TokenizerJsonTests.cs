using Translate.Core.Models;
using Translate.Core.Tokenization;
using Translate.Core.Tokenization.Bpe;
using Translate.Core.Tokenization.WordPiece;

namespace Translate.Core.Tests.Tokenization;

public sealed class TokenizerJsonTests
{
    private static readonly string BpeFolder = SentencePieceReference.Fixture("bpe-fr-en-600");

    private static readonly string[] Texts = ["Bonjour le monde, ça va ?", "The price is $5 — 10% off!", "<s>Crème brûlée <mask> 東京</s>", ""];

    [Fact]
    public void LoadByteLevelBpe_FixtureTokenizerJson_GivesTheIdsOfVocabAndMerges()
    {
        var fromJson = TokenizerJson.LoadByteLevelBpe(Path.Combine(BpeFolder, TokenizerJson.FileName));
        var fromFiles = ByteLevelBpeTokenizer.FromFolder(BpeFolder);

        Assert.Equal("BPE", TokenizerJson.ModelType(Path.Combine(BpeFolder, TokenizerJson.FileName)));
        foreach (var text in Texts)
        {
            Assert.Equal(fromFiles.EncodeToIds(text), fromJson.EncodeToIds(text));
        }
    }

    [Fact]
    public void LoadWordPiece_BertUncasedTokenizerJson_GivesTheIdsOfVocabTxt()
    {
        var vocabulary = EmbeddedMiniLm.Load().Vocabulary;
        var path = Path.Combine(Directory.CreateTempSubdirectory("translate-tokenizer-json-").FullName, TokenizerJson.FileName);
        try
        {
            File.WriteAllBytes(path, HuggingFaceReference.WriteTokenizerJson(vocabulary));
            var fromJson = TokenizerJson.LoadWordPiece(path);
            var fromVocab = WordPieceTokenizer.Create(new MemoryStream(vocabulary));

            foreach (var text in Texts)
            {
                Assert.Equal(fromVocab.EncodeToIds(text), fromJson.EncodeToIds(text));
            }
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void LoadWordPiece_BpeTokenizerJson_IsRefusedWithTheReason()
    {
        var exception = Assert.Throws<NotSupportedException>(() => TokenizerJson.LoadWordPiece(Path.Combine(BpeFolder, TokenizerJson.FileName)));

        Assert.Contains("not WordPiece", exception.Message);
    }

    [Fact]
    public void ByteLevelBpe_Decode_GivesTheTextBack()
    {
        var bpe = ByteLevelBpeTokenizer.FromFolder(BpeFolder);

        Assert.Equal("Bonjour le monde, ça va ? 😀 東京", bpe.Decode(bpe.EncodeToIds("Bonjour le monde, ça va ? 😀 東京")));
        Assert.Equal("a b", bpe.Decode([bpe.BeginOfSequenceId, .. bpe.EncodeToIds("a b"), bpe.EndOfSequenceId]));
    }

    [Fact]
    public void ByteLevelBpe_EveryBufferSize_ResumesToTheSameIdsAndOffsetsCoverTheText()
    {
        var bpe = ByteLevelBpeTokenizer.FromFolder(BpeFolder);
        const string text = "L'élève a dit : « 3,14 ≠ π » 😀 puis  s'en alla.";
        var expected = bpe.EncodeToIds(text);
        for (var size = 1; size <= expected.Length; size++)
        {
            var ids = new List<int>();
            var rest = text.AsSpan();
            var buffer = new int[size];
            var offsets = new Range[size];
            var at = 0;
            while (true)
            {
                var status = bpe.EncodeToIds(rest, buffer, offsets, out var written, out var consumed);
                for (var t = 0; t < written; t++)
                {
                    Assert.True(offsets[t].Start.Value >= 0 && offsets[t].End.Value <= rest.Length, $"offset {offsets[t]} outside the text");
                }
                ids.AddRange(buffer[..written]);
                if (status == System.Buffers.OperationStatus.Done)
                {
                    break;
                }
                Assert.True(written > 0 || size < 8, $"no progress at size {size}");
                if (written == 0)
                {
                    buffer = new int[buffer.Length * 2];
                    offsets = new Range[buffer.Length];
                    continue;
                }
                at += consumed;
                rest = rest[consumed..];
            }
            Assert.Equal(expected, ids);
        }
    }
}
