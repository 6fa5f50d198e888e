using System.Text;
using Translate.Core.Tokenization.SentencePiece;
using Translate.Core.Tokenization.SentencePiece.Model;

namespace Translate.Core.Tests.Tokenization;

/// <summary>
/// The word-by-word segmentation and its cache stay exact where sentencepiece's float arithmetic decides: a word
/// whose two segmentations score the same in exact arithmetic ("▁a" + "b" and "▁ab", -1.5 - 1.25 = -2.75) is split
/// one way or the other by spm_encode depending on the path score rounded to float before it.
/// </summary>
public sealed class SentencePieceWordCacheTests
{
    private static readonly (string Piece, float Score, int Type)[] TiePieces =
    [
        ("<unk>", 0, 2), ("<s>", 0, 3), ("</s>", 0, 3), ("\u2581", -3, 1), ("\u2581a", -1.5f, 1), ("b", -1.25f, 1),
        ("\u2581ab", -2.75f, 1), ("a", -4, 1), ("\u2581x", -0.1f, 1), ("\u2581y", -0.3f, 1), ("\u2581z", -0.7f, 1),
        ("x", -5, 1), ("y", -5, 1), ("z", -5, 1),
    ];

    [Fact]
    public void EncodeToIds_TiedWordAfterManyPrefixes_EqualsSpmEncodeBothWays()
    {
        SentencePieceReference.RequireSpmEncode();
        var path = WriteModel(TiePieces);
        try
        {
            var ours = SentencePieceTokenizer.FromFile(path);
            var random = new Random(1);
            var lines = Enumerable.Range(0, 300)
                .Select(_ => string.Join(' ', Enumerable.Range(0, random.Next(41)).Select(_ => "xyz"[random.Next(3)])) + " ab")
                .ToList();
            var reference = SentencePieceReference.Ids(path, lines);

            // The reference splits the same word both ways: the test reaches the rounding it is about.
            var whole = Array.FindIndex(TiePieces, p => p.Piece == "\u2581ab");
            Assert.Contains(reference, ids => ids[^1] == whole);
            Assert.Contains(reference, ids => ids[^1] != whole);
            for (var pass = 0; pass < 2; pass++)
            {
                for (var i = 0; i < lines.Count; i++)
                {
                    Assert.Equal(reference[i], ours.EncodeToIds(lines[i]));
                }
            }
            Assert.True(ours.CachedWords > 0);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void EncodeToIds_PieceWithInnerSpace_SegmentsWholeTextAndEqualsSpmEncode()
    {
        SentencePieceReference.RequireSpmEncode();
        // "▁x▁y" crosses a word boundary: the text cannot be cut at each "▁", so nothing is cached.
        var path = WriteModel([.. TiePieces, ("\u2581x\u2581y", -0.05f, 1)]);
        try
        {
            var ours = SentencePieceTokenizer.FromFile(path);
            string[] lines = ["x y ab", "z x y x y", "ab x y"];
            var reference = SentencePieceReference.Ids(path, lines);
            for (var i = 0; i < lines.Length; i++)
            {
                Assert.Equal(reference[i], ours.EncodeToIds(lines[i]));
            }
            Assert.Contains(reference, ids => ids.Contains(TiePieces.Length));
            Assert.Equal(0, ours.CachedWords);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void EncodeToIds_ManyThreadsOnOneTokenizer_EqualOneThread()
    {
        var model = SentencePieceReference.Fixture("fr-unigram-2000.model");
        var alone = SentencePieceTokenizer.FromFile(model);
        var shared = SentencePieceTokenizer.FromFile(model);
        var random = new Random(7);
        const string Letters = "abcdeéèfghijklmnopqrstuvwxyzàç";
        // Words enough to make the cache grow several times while the threads read it.
        var lines = Enumerable.Range(0, 4000)
            .Select(_ => string.Join(' ', Enumerable.Range(0, 1 + random.Next(12)).Select(_ => new string(Enumerable.Range(0, 1 + random.Next(9)).Select(_ => Letters[random.Next(Letters.Length)]).ToArray()))))
            .ToArray();
        var expected = lines.Select(alone.EncodeToIds).ToArray();
        var actual = new int[lines.Length][];
        Parallel.For(0, lines.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => actual[i] = shared.EncodeToIds(lines[i]));
        for (var i = 0; i < lines.Length; i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }
        Assert.True(shared.CachedWords > 1024, $"{shared.CachedWords} words cached: the cache never grew");
    }

    [Fact]
    public void Add_PastCapacity_HoldsAsManyWordsAsTheCapacityWithTheirTokens()
    {
        var cache = new WordSegmentationCache(capacity: 3000);
        var words = Enumerable.Range(0, 5000).Select(i => Encoding.UTF8.GetBytes($"\u2581word{i}")).ToArray();
        for (var i = 0; i < words.Length; i++)
        {
            cache.Add(words[i], WordSegmentationCache.Hash(words[i]), [i << 8 | words[i].Length], margin: i, magnitude: 1);
        }
        Assert.Equal(3000, cache.Count);
        var found = 0;
        for (var i = 0; i < words.Length; i++)
        {
            if (cache.TryGet(words[i], WordSegmentationCache.Hash(words[i]), out var tokens, out var margin, out _))
            {
                Assert.Equal([i << 8 | words[i].Length], tokens.ToArray());
                Assert.Equal(i, margin);
                found++;
            }
        }
        Assert.Equal(3000, found);
        Assert.False(cache.TryGet("\u2581other"u8, WordSegmentationCache.Hash("\u2581other"u8), out _, out _, out _));
    }

    // A unigram ModelProto (sentencepiece_model.proto): the pieces (field 1: piece 1, score 2, type 3), trainer_spec
    // (2) with model_type UNIGRAM (3 = 1), normalizer_spec (3) "identity" with its defaults (dummy prefix, extra
    // whitespace removed, spaces escaped).
    private static string WriteModel(IEnumerable<(string Piece, float Score, int Type)> pieces)
    {
        using var model = new MemoryStream();
        foreach (var (piece, score, type) in pieces)
        {
            using var entry = new MemoryStream();
            WriteBytes(entry, 1, Encoding.UTF8.GetBytes(piece));
            WriteTag(entry, 2, 5);
            entry.Write(BitConverter.GetBytes(score));
            WriteTag(entry, 3, 0);
            WriteVarint(entry, (uint)type);
            WriteBytes(model, 1, entry.ToArray());
        }
        WriteBytes(model, 2, [3 << 3, 1]);
        WriteBytes(model, 3, [1 << 3 | 2, 8, .. "identity"u8]);
        var path = Path.Combine(Path.GetTempPath(), $"translate-tie-{Guid.NewGuid():N}.model");
        File.WriteAllBytes(path, model.ToArray());
        return path;
    }

    private static void WriteBytes(Stream stream, int field, byte[] bytes)
    {
        WriteTag(stream, field, 2);
        WriteVarint(stream, (uint)bytes.Length);
        stream.Write(bytes);
    }

    private static void WriteTag(Stream stream, int field, int wireType) => WriteVarint(stream, (uint)(field << 3 | wireType));

    private static void WriteVarint(Stream stream, uint value)
    {
        for (; value >= 0x80; value >>= 7)
        {
            stream.WriteByte((byte)(value | 0x80));
        }
        stream.WriteByte((byte)value);
    }
}
