using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using Translate.Core.Tokenization.WordPiece.Model;
using Translate.Core.Tokenization.WordPiece.Normalizer;

namespace Translate.Core.Tokenization.WordPiece;

/// <summary>
/// BERT uncased WordPiece, as Hugging Face's BertTokenizerFast with do_lower_case (all-MiniLM-L6-v2's tokenizer):
/// clean text, CJK ideographs split out, NFD with accents stripped, lower-case, split on whitespace and
/// punctuation, then greedy longest-match-first WordPiece with "##" continuations; a word longer than 100 code
/// points is [UNK]. The special tokens ([CLS], [SEP], [PAD], [UNK], [MASK]) written in the text are matched as
/// themselves, as Hugging Face's added tokens are. Encoding writes into the caller's buffers and allocates nothing.
/// Immutable once created: one instance serves any number of threads.
/// </summary>
[SkipLocalsInit] // every stack buffer here is written before it is read; zeroing them per word cost more than the lookups
public sealed class WordPieceTokenizer : ITokenizer
{
    /// <summary>Hugging Face's max_input_chars_per_word: longer words (in code points, after normalization) are [UNK].</summary>
    public const int MaxInputCharsPerWord = 100;

    // One word as normalized: at most 101 code points are kept (the 101st marks it [UNK]), two UTF-16 units each.
    private const int WordBufferLength = 2 * (MaxInputCharsPerWord + 1);

    // The ids buffer of Encode(string, List<int>): any word (at most 100 pieces) fits, and most sentences at once.
    private const int ListChunkLength = 256;

    private static readonly string[] SpecialTokenNames = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

    private readonly WordPieceVocabulary _vocabulary;
    private readonly BertNormalizer _normalizer = BertNormalizer.Instance;
    private readonly int[] _asciiPunctuationIds = new int[128];
    private readonly (string Text, int Id)[] _specialTokens;
    private readonly int _maxPieceLength;
    private readonly int _unknownId;

    private WordPieceTokenizer(WordPieceVocabulary vocabulary, bool matchSpecialTokens)
    {
        _vocabulary = vocabulary;
        UnknownId = _unknownId = RequireSpecial(vocabulary, "[UNK]");
        ClassificationId = RequireSpecial(vocabulary, "[CLS]");
        SeparatorId = RequireSpecial(vocabulary, "[SEP]");
        RowTokens = new RowTokens([ClassificationId], [SeparatorId]);
        PaddingId = RequireSpecial(vocabulary, "[PAD]");
        var specials = new List<(string, int)>();
        if (matchSpecialTokens)
        {
            foreach (var name in SpecialTokenNames)
            {
                if (vocabulary.TryGetId(name, out var id))
                {
                    specials.Add((name, id));
                }
            }
        }
        _specialTokens = [.. specials];
        _maxPieceLength = Math.Max(vocabulary.MaxInitialLength, vocabulary.MaxContinuationLength);
        Span<char> one = stackalloc char[1];
        for (var c = 0; c < 128; c++)
        {
            one[0] = (char)c;
            var id = vocabulary.FindInitial(one);
            _asciiPunctuationIds[c] = id >= 0 ? id : UnknownId;
        }
    }

    public int UnknownId { get; }

    public int ClassificationId { get; }

    public int SeparatorId { get; }

    public int PaddingId { get; }

    public int VocabularySize => _vocabulary.Count;

    /// <inheritdoc/>
    public RowTokens RowTokens { get; }

    /// <summary>Loads vocab.txt (UTF-8, one piece a line; the id is the line number).</summary>
    /// <param name="matchSpecialTokens">Whether [CLS], [SEP], [PAD], [UNK] and [MASK] written in the text become their ids, as in Hugging Face.</param>
    public static WordPieceTokenizer Create(Stream vocabulary, bool matchSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        return new WordPieceTokenizer(WordPieceVocabulary.Read(vocabulary), matchSpecialTokens);
    }

    /// <summary>Loads a vocab.txt file, or the vocab.txt of a model folder.</summary>
    public static WordPieceTokenizer FromFile(string path, bool matchSpecialTokens = true)
    {
        if (Directory.Exists(path))
        {
            path = Path.Combine(path, "vocab.txt");
        }
        using var stream = File.OpenRead(path);
        return Create(stream, matchSpecialTokens);
    }

    /// <summary>The piece of an id, "##" included for continuations.</summary>
    public string GetPiece(int id) => _vocabulary[id];

    /// <summary>
    /// Encodes <paramref name="text"/> without special tokens into <paramref name="ids"/>. When the ids do not fit,
    /// returns <see cref="OperationStatus.DestinationTooSmall"/> with the ids of the whole words that did, and
    /// <paramref name="charsConsumed"/> where to resume: encoding the rest from there gives the remaining ids.
    /// </summary>
    public OperationStatus EncodeToIds(ReadOnlySpan<char> text, Span<int> ids, out int idsWritten, out int charsConsumed) =>
        EncodeToIds(text, ids, [], out idsWritten, out charsConsumed);

    /// <summary>
    /// As <see cref="EncodeToIds(ReadOnlySpan{char}, Span{int}, out int, out int)"/>, and also writes each token's
    /// UTF-16 range in <paramref name="text"/> into <paramref name="offsets"/> when it is not empty (it must then be
    /// as long as <paramref name="ids"/>). A continuation piece covers only its own characters.
    /// </summary>
    public OperationStatus EncodeToIds(ReadOnlySpan<char> text, Span<int> ids, Span<Range> offsets, out int idsWritten, out int charsConsumed)
    {
        if (!offsets.IsEmpty && offsets.Length < ids.Length)
        {
            throw new ArgumentException($"The offsets ({offsets.Length}) must be as long as the ids ({ids.Length}), or empty.", nameof(offsets));
        }
        var sink = new TokenSink(ids, offsets, truncate: false);
        var complete = Encode(text, ref sink);
        idsWritten = sink.Written;
        charsConsumed = complete ? text.Length : sink.Consumed;
        return complete ? OperationStatus.Done : OperationStatus.DestinationTooSmall;
    }

    /// <summary>The number of ids <paramref name="text"/> encodes to, without special tokens.</summary>
    public int CountTokens(ReadOnlySpan<char> text)
    {
        var sink = new TokenSink([], [], truncate: true);
        Encode(text, ref sink);
        return sink.Total;
    }

    /// <summary>Encodes into <paramref name="ids"/> as many ids as fit, cutting inside a word if need be (truncation); returns how many the whole text has.</summary>
    public int EncodeTruncated(ReadOnlySpan<char> text, Span<int> ids)
    {
        var sink = new TokenSink(ids, [], truncate: true);
        Encode(text, ref sink);
        return sink.Total;
    }

    /// <summary>The ids of <paramref name="text"/>, without special tokens (allocates the array).</summary>
    public int[] EncodeToIds(string text)
    {
        var ids = new List<int>();
        Encode(text, ids);
        return [.. ids];
    }

    /// <inheritdoc/>
    public void Encode(string text, List<int> ids)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(ids);
        Span<int> chunk = stackalloc int[ListChunkLength];
        var rest = text.AsSpan();
        while (true)
        {
            var status = EncodeToIds(rest, chunk, out var written, out var consumed);
            ids.AddRange(chunk[..written]);
            if (status == OperationStatus.Done)
            {
                return;
            }
            rest = rest[consumed..];
        }
    }

    // Returns true when the whole text was encoded, false when the sink stopped it.
    private bool Encode(ReadOnlySpan<char> text, ref TokenSink sink)
    {
        var withOffsets = !sink.Offsets.IsEmpty;
        Span<char> word = stackalloc char[WordBufferLength];
        // Source range of each character of the word, for offsets only.
        Span<int> starts = withOffsets ? stackalloc int[WordBufferLength] : default;
        Span<int> ends = withOffsets ? stackalloc int[WordBufferLength] : default;
        Span<char> mapped = stackalloc char[16];
        var length = 0;
        var codePoints = 0;
        var wordStart = 0;
        var wordEnd = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var entry = _normalizer[c];
            var kind = BertNormalizer.KindOf(entry);
            if (kind == BertCharacterKind.Word)
            {
                if (codePoints == 0)
                {
                    wordStart = i;
                }
                if (codePoints <= MaxInputCharsPerWord)
                {
                    word[length] = BertNormalizer.CharOf(entry);
                    if (withOffsets)
                    {
                        starts[length] = i;
                        ends[length] = i + 1;
                    }
                    length++;
                    codePoints++;
                }
                wordEnd = ++i;
                continue;
            }
            if (kind == BertCharacterKind.Whitespace)
            {
                if (codePoints > 0 && !FlushWord(word[..length], codePoints, wordStart, wordEnd, starts, ends, ref sink))
                {
                    return false;
                }
                length = codePoints = 0;
                i++;
                continue;
            }
            if (kind == BertCharacterKind.Punctuation || kind == BertCharacterKind.Cjk)
            {
                if (codePoints > 0 && !FlushWord(word[..length], codePoints, wordStart, wordEnd, starts, ends, ref sink))
                {
                    return false;
                }
                length = codePoints = 0;
                if (c == '[' && _specialTokens.Length > 0 && MatchSpecial(text[i..]) is var (specialLength, specialId) && specialLength > 0)
                {
                    if (!sink.Add(specialId, i, i + specialLength))
                    {
                        return false;
                    }
                    i += specialLength;
                    continue;
                }
                var single = BertNormalizer.CharOf(entry);
                var id = single < 128 ? _asciiPunctuationIds[single] : FindSingle(new ReadOnlySpan<char>(in single));
                if (!sink.Add(id, i, i + 1))
                {
                    return false;
                }
                i++;
                continue;
            }

            // The rare cases: removed characters, several characters out, surrogate pairs.
            var width = 1;
            scoped ReadOnlySpan<char> output;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                width = 2;
                kind = BertNormalizer.Classify(char.ConvertToUtf32(c, text[i + 1]), mapped, out var mappedLength);
                output = mapped[..mappedLength];
            }
            else if (kind == BertCharacterKind.Sequence)
            {
                output = _normalizer.SequenceOf(entry);
                if (BertNormalizer.IsCjk(c))
                {
                    kind = BertCharacterKind.Cjk; // a compatibility ideograph whose NFD is supplementary
                }
            }
            else
            {
                i++; // removed: the word goes on across it, as Hugging Face deletes it from the text
                continue;
            }
            if (kind == BertCharacterKind.Removed)
            {
                i += width;
                continue;
            }
            if (kind == BertCharacterKind.Whitespace || kind == BertCharacterKind.Cjk || kind == BertCharacterKind.Punctuation)
            {
                if (codePoints > 0 && !FlushWord(word[..length], codePoints, wordStart, wordEnd, starts, ends, ref sink))
                {
                    return false;
                }
                length = codePoints = 0;
                if (kind != BertCharacterKind.Whitespace && !sink.Add(FindSingle(output), i, i + width))
                {
                    return false;
                }
                i += width;
                continue;
            }
            // Word or sequence: each output code point joins the word, or stands alone when it is punctuation.
            for (var k = 0; k < output.Length;)
            {
                Rune.DecodeFromUtf16(output[k..], out var rune, out var units);
                var piece = output.Slice(k, units);
                k += units;
                if (BertNormalizer.IsPunctuation(rune.Value))
                {
                    if (codePoints > 0 && !FlushWord(word[..length], codePoints, wordStart, wordEnd, starts, ends, ref sink))
                    {
                        return false;
                    }
                    length = codePoints = 0;
                    if (!sink.Add(FindSingle(piece), i, i + width))
                    {
                        return false;
                    }
                    continue;
                }
                if (codePoints == 0)
                {
                    wordStart = i;
                }
                if (codePoints <= MaxInputCharsPerWord)
                {
                    piece.CopyTo(word[length..]);
                    if (withOffsets)
                    {
                        for (var u = 0; u < units; u++)
                        {
                            starts[length + u] = i;
                            ends[length + u] = i + width;
                        }
                    }
                    length += units;
                    codePoints++;
                }
                wordEnd = i + width;
            }
            i += width;
        }
        return codePoints == 0 || FlushWord(word[..length], codePoints, wordStart, wordEnd, starts, ends, ref sink);
    }

    private (int Length, int Id) MatchSpecial(ReadOnlySpan<char> text)
    {
        foreach (var (name, id) in _specialTokens)
        {
            if (text.StartsWith(name, StringComparison.Ordinal))
            {
                return (name.Length, id);
            }
        }
        return (0, 0);
    }

    private int FindSingle(ReadOnlySpan<char> character)
    {
        var id = _vocabulary.FindInitial(character);
        return id >= 0 ? id : UnknownId;
    }

    // WordPiece on one normalized word, then its ids to the sink; false when the sink stopped.
    private bool FlushWord(scoped ReadOnlySpan<char> word, int codePoints, int wordStart, int wordEnd, scoped ReadOnlySpan<int> starts, scoped ReadOnlySpan<int> ends, ref TokenSink sink)
    {
        if (codePoints > MaxInputCharsPerWord)
        {
            return sink.AddWord(new ReadOnlySpan<int>(in _unknownId), [], wordStart, wordEnd, wordEnd);
        }
        // Most words are pieces themselves: one probe, no split.
        var wholeWordTried = word.Length <= _vocabulary.MaxInitialLength;
        if (wholeWordTried)
        {
            var whole = _vocabulary.Find(PieceTable.Hash(PieceTable.InitialSeed, word), word);
            if (whole >= 0)
            {
                return sink.AddWord(new ReadOnlySpan<int>(in whole), [], wordStart, wordEnd, wordEnd);
            }
        }
        Span<int> pieceIds = stackalloc int[MaxInputCharsPerWord];
        Span<int> pieceEnds = stackalloc int[MaxInputCharsPerWord];
        var count = Split(word, wholeWordTried, pieceIds, pieceEnds);
        if (count < 0)
        {
            return sink.AddWord(new ReadOnlySpan<int>(in _unknownId), [], wordStart, wordEnd, wordEnd);
        }
        if (sink.Offsets.IsEmpty)
        {
            return sink.AddWord(pieceIds[..count], [], 0, 0, wordEnd);
        }
        // Offsets of each piece: from the source of its first character to the end of the source of its last.
        Span<Range> pieceRanges = stackalloc Range[MaxInputCharsPerWord];
        var start = 0;
        for (var p = 0; p < count; p++)
        {
            pieceRanges[p] = new Range(starts[start], ends[pieceEnds[p] - 1]);
            start = pieceEnds[p];
        }
        return sink.AddWord(pieceIds[..count], pieceRanges[..count], 0, 0, wordEnd);
    }

    // Greedy longest-match-first; returns the number of pieces, or -1 when some part matches nothing (the word is [UNK]).
    private int Split(ReadOnlySpan<char> word, bool wholeWordTried, Span<int> pieceIds, Span<int> pieceEnds)
    {
        // Hashes of every prefix of the rest of the word, longest piece at most: one pass, then probes from the longest.
        Span<ulong> prefixHashes = stackalloc ulong[_maxPieceLength + 1];
        var count = 0;
        var start = 0;
        while (start < word.Length)
        {
            var initial = start == 0;
            var limit = Math.Min(word.Length - start, initial ? _vocabulary.MaxInitialLength : _vocabulary.MaxContinuationLength);
            var hash = initial ? PieceTable.InitialSeed : PieceTable.ContinuationSeed;
            for (var k = 0; k < limit; k++)
            {
                hash = PieceTable.Extend(hash, word[start + k]);
                prefixHashes[k + 1] = hash;
            }
            var id = -1;
            var length = initial && wholeWordTried ? limit - 1 : limit;
            for (; length > 0; length--)
            {
                if (start + length < word.Length && char.IsLowSurrogate(word[start + length]))
                {
                    continue; // never cut a surrogate pair: pieces end on code points
                }
                id = _vocabulary.Find(prefixHashes[length], word.Slice(start, length));
                if (id >= 0)
                {
                    break;
                }
            }
            if (id < 0)
            {
                return -1;
            }
            pieceIds[count] = id;
            start += length;
            pieceEnds[count] = start;
            count++;
        }
        return count;
    }

    private static int RequireSpecial(WordPieceVocabulary vocabulary, string name) =>
        vocabulary.TryGetId(name, out var id)
            ? id
            : throw new InvalidDataException($"The WordPiece vocabulary has no {name} token; it is not a BERT vocab.txt.");

    /// <summary>Where ids (and offsets) go: stops at the first word that does not fit, or, truncating, keeps counting past the end.</summary>
    private ref struct TokenSink(Span<int> ids, Span<Range> offsets, bool truncate)
    {
        public readonly Span<int> Ids = ids;
        public readonly Span<Range> Offsets = offsets;
        public int Written;
        public int Total;
        public int Consumed;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Add(int id, int start, int end)
        {
            if (Written < Ids.Length)
            {
                Ids[Written] = id;
                if (!Offsets.IsEmpty)
                {
                    Offsets[Written] = new Range(start, end);
                }
                Written++;
                Consumed = end;
            }
            else if (!truncate)
            {
                return false;
            }
            Total++;
            return true;
        }

        // A word's pieces go in whole, or (not truncating) not at all. Ranges empty: the word's range, start to end.
        public bool AddWord(scoped ReadOnlySpan<int> pieceIds, scoped ReadOnlySpan<Range> ranges, int start, int end, int wordEnd)
        {
            if (!truncate && Written + pieceIds.Length > Ids.Length)
            {
                return false;
            }
            for (var p = 0; p < pieceIds.Length; p++)
            {
                if (Written < Ids.Length)
                {
                    Ids[Written] = pieceIds[p];
                    if (!Offsets.IsEmpty)
                    {
                        Offsets[Written] = ranges.IsEmpty ? new Range(start, end) : ranges[p];
                    }
                    Written++;
                }
            }
            Total += pieceIds.Length;
            Consumed = wordEnd;
            return true;
        }
    }
}
