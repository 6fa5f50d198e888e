using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Translate.Core.Tokenization.SentencePiece.Model;
using Translate.Core.Tokenization.SentencePiece.Normalizer;

namespace Translate.Core.Tokenization.SentencePiece;

/// <summary>
/// SentencePiece unigram, as Google's sentencepiece 0.1.97 encodes (spm_encode): the model's normalizer
/// (precompiled_charsmap, extra whitespace removed, dummy prefix, spaces as U+2581), then the best segmentation by
/// piece scores (EncodeOptimized, with its float/double arithmetic), consecutive unknowns merged into one, user-defined
/// symbols kept whole, bytes for unknowns when the model has byte_fallback. Ids are the pieces' indices (T5), or,
/// with a vocab.json (Marian), the ids it gives each piece, the unknown id for pieces it lacks, as Hugging Face's
/// MarianTokenizer maps them. Encoding writes into the caller's buffers and allocates nothing.
/// Immutable once created: one instance serves any number of threads.
/// </summary>
[SkipLocalsInit] // the stack buffers are written before they are read
public sealed partial class SentencePieceTokenizer : IDetokenizer
{
    // Texts up to this many UTF-8 bytes (input, normalized) use stack buffers; longer ones rent from ArrayPool. 1 KB
    // covers 99% of news sentences (the mean is ~150 bytes) and keeps the frame under 16 KB.
    private const int StackBytes = 1024;

    // The ids buffer of Encode(string, List<int>).
    private const int ListChunkLength = 256;

    private static readonly byte[] Utf8CharLength = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4];

    private readonly string[] _pieces;
    private readonly float[] _pathScores; // a piece's score in the search; NaN for user-defined pieces, scored by length
    private readonly PieceType[] _types;
    private readonly ByteTrie _trie;
    private readonly SentencePieceNormalizer _normalizer;
    private readonly int _unknownPiece;
    private readonly float _unknownScore;
    private readonly float _maxScore;
    private readonly int[]? _bytePieces;
    private readonly bool _resumesAtWords;
    private readonly WordSegmentationCache? _words;

    // Marian: model id of each piece, and the vocabulary for unknown surfaces and decoding; null for piece-index ids.
    private readonly int[]? _modelIds;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _vocabularyLookup;
    private readonly string[]? _vocabularyPieces;
    private readonly HashSet<int> _specialIds = [];

    private SentencePieceTokenizer(ModelProto model, Dictionary<string, int>? vocabulary)
    {
        if (model.ModelType != 1)
        {
            throw new NotSupportedException($"SentencePiece model type {model.ModelType} is not supported; only unigram (1) is.");
        }
        var count = model.Pieces.Count;
        _pieces = new string[count];
        _pathScores = new float[count];
        _types = new PieceType[count];
        _unknownPiece = -1;
        var minScore = float.MaxValue;
        var maxScore = 1.17549435E-38f; // FLT_MIN, sentencepiece's starting max_score_
        var entries = new List<(byte[], int)>(count);
        var userDefined = new List<(byte[], int)>();
        for (var i = 0; i < count; i++)
        {
            var (piece, score, type) = model.Pieces[i];
            _pieces[i] = piece;
            _pathScores[i] = type == PieceType.UserDefined ? float.NaN : score; // a user-defined piece's score depends on its length
            _types[i] = type;
            if (type == PieceType.Normal)
            {
                minScore = Math.Min(minScore, score);
                maxScore = Math.Max(maxScore, score);
            }
            // Unused pieces are skipped by the segmentation (and never count as a single character): not in the trie.
            if (type is PieceType.Normal or PieceType.UserDefined)
            {
                entries.Add((Encoding.UTF8.GetBytes(piece), i));
            }
            if (type == PieceType.UserDefined)
            {
                userDefined.Add((Encoding.UTF8.GetBytes(piece), i));
            }
            if (type == PieceType.Unknown && _unknownPiece < 0)
            {
                _unknownPiece = i;
            }
        }
        if (_unknownPiece < 0)
        {
            throw new InvalidDataException("The SentencePiece model has no unknown piece.");
        }
        _maxScore = maxScore;
        _unknownScore = minScore - 10.0f; // kUnkPenalty
        _trie = ByteTrie.Build(entries, piece => _pathScores[piece]);
        _normalizer = new SentencePieceNormalizer(model, userDefined.Count > 0 ? ByteTrie.Build(userDefined) : null);
        _words = CanSegmentByWord(entries) ? new WordSegmentationCache(WordCacheCapacity) : null;
        _resumesAtWords = model.RemoveExtraWhitespaces && model.AddDummyPrefix && model.EscapeWhitespaces && !model.TreatWhitespaceAsSuffix;
        if (model.ByteFallback)
        {
            _bytePieces = new int[256];
            _bytePieces.AsSpan().Fill(-1);
            for (var i = 0; i < count; i++)
            {
                if (_types[i] == PieceType.Byte && _pieces[i].Length == 6 && _pieces[i].StartsWith("<0x", StringComparison.Ordinal)
                    && byte.TryParse(_pieces[i].AsSpan(3, 2), System.Globalization.NumberStyles.HexNumber, null, out var value))
                {
                    _bytePieces[value] = i;
                }
            }
            if (_bytePieces.AsSpan().Contains(-1))
            {
                throw new InvalidDataException("The SentencePiece model has byte_fallback but lacks some of the 256 <0xXX> pieces.");
            }
        }

        if (vocabulary is null)
        {
            VocabularySize = count;
            UnknownId = _unknownPiece;
            EndOfSequenceId = PieceIndex("</s>");
            PaddingId = PieceIndex("<pad>");
            for (var i = 0; i < count; i++)
            {
                if (_types[i] is PieceType.Control or PieceType.Unknown)
                {
                    _specialIds.Add(i);
                }
            }
        }
        else
        {
            UnknownId = vocabulary.TryGetValue("<unk>", out var unk) ? unk : throw new InvalidDataException("vocab.json has no <unk>.");
            EndOfSequenceId = vocabulary.TryGetValue("</s>", out var eos) ? eos : -1;
            PaddingId = vocabulary.TryGetValue("<pad>", out var pad) ? pad : -1;
            _modelIds = new int[count];
            for (var i = 0; i < count; i++)
            {
                _modelIds[i] = vocabulary.TryGetValue(_pieces[i], out var id) ? id : UnknownId;
            }
            _vocabularyLookup = vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();
            VocabularySize = vocabulary.Count == 0 ? 0 : vocabulary.Values.Max() + 1;
            _vocabularyPieces = new string[VocabularySize];
            foreach (var (piece, id) in vocabulary)
            {
                if (id >= 0)
                {
                    _vocabularyPieces[id] = piece;
                }
            }
            _specialIds.UnionWith(new[] { UnknownId, EndOfSequenceId, PaddingId }.Where(id => id >= 0));
        }
    }

    public int UnknownId { get; }

    /// <summary>&lt;/s&gt;, appended to each row of a batch; -1 when the model has none.</summary>
    public int EndOfSequenceId { get; }

    /// <summary>&lt;pad&gt;; -1 when the model has none.</summary>
    public int PaddingId { get; }

    /// <summary>The number of ids: the pieces of the model, or the size of vocab.json.</summary>
    public int VocabularySize { get; }

    /// <summary>Marian and T5: ids then &lt;/s&gt;.</summary>
    public RowTokens RowTokens => _rowTokens ??= RowTokens.Of(-1, EndOfSequenceId);

    private RowTokens? _rowTokens;

    /// <summary>Loads a SentencePiece `.model` (T5's spiece.model): ids are piece indices.</summary>
    public static SentencePieceTokenizer Create(Stream model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new SentencePieceTokenizer(ModelProto.Read(ReadAll(model)), null);
    }

    /// <summary>Loads a Marian `.spm` with the model's vocab.json: ids are vocab.json's, its &lt;unk&gt; for pieces it lacks.</summary>
    public static SentencePieceTokenizer Create(Stream model, Stream vocabularyJson)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabularyJson);
        var vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(vocabularyJson)
            ?? throw new InvalidDataException("vocab.json is not an object of piece to id.");
        return new SentencePieceTokenizer(ModelProto.Read(ReadAll(model)), vocabulary);
    }

    /// <summary>Loads a `.model` / `.spm` file, with a vocab.json beside it when given.</summary>
    public static SentencePieceTokenizer FromFile(string modelPath, string? vocabularyJsonPath = null)
    {
        using var model = File.OpenRead(modelPath);
        if (vocabularyJsonPath is null)
        {
            return Create(model);
        }
        using var vocabulary = File.OpenRead(vocabularyJsonPath);
        return Create(model, vocabulary);
    }

    /// <summary>
    /// The tokenizer of a model folder: Marian (source.spm, or target.spm when <paramref name="target"/>, with vocab.json)
    /// or T5 (spiece.model).
    /// </summary>
    public static SentencePieceTokenizer FromFolder(string folder, bool target = false)
    {
        var marian = Path.Combine(folder, target ? "target.spm" : "source.spm");
        if (File.Exists(marian))
        {
            var vocabulary = Path.Combine(folder, "vocab.json");
            if (!File.Exists(vocabulary))
            {
                throw new FileNotFoundException($"'{folder}' has {Path.GetFileName(marian)} but no vocab.json (Marian).", vocabulary);
            }
            return FromFile(marian, vocabulary);
        }
        var t5 = Path.Combine(folder, "spiece.model");
        if (File.Exists(t5))
        {
            return FromFile(t5);
        }
        throw new FileNotFoundException($"'{folder}' has neither {Path.GetFileName(marian)} with vocab.json (Marian) nor spiece.model (T5).");
    }

    /// <summary>The piece of an id (of vocab.json for Marian).</summary>
    public string GetPiece(int id) => _vocabularyPieces is not null ? _vocabularyPieces[id] ?? "" : _pieces[id];

    /// <summary>
    /// Encodes <paramref name="text"/> without special tokens into <paramref name="ids"/>. When the ids do not fit,
    /// returns <see cref="OperationStatus.DestinationTooSmall"/> with the ids of the whole words (pieces up to the
    /// next one that starts with "▁") that did, and <paramref name="charsConsumed"/> where to resume.
    /// </summary>
    public OperationStatus EncodeToIds(ReadOnlySpan<char> text, Span<int> ids, out int idsWritten, out int charsConsumed) =>
        EncodeToIds(text, ids, [], out idsWritten, out charsConsumed);

    /// <summary>
    /// As <see cref="EncodeToIds(ReadOnlySpan{char}, Span{int}, out int, out int)"/>, and also writes each token's
    /// UTF-16 range in <paramref name="text"/> into <paramref name="offsets"/> when it is not empty (it must then be
    /// as long as <paramref name="ids"/>). As in sentencepiece, a piece starting with "▁" covers the space before it.
    /// </summary>
    public OperationStatus EncodeToIds(ReadOnlySpan<char> text, Span<int> ids, Span<Range> offsets, out int idsWritten, out int charsConsumed)
    {
        if (!offsets.IsEmpty && offsets.Length < ids.Length)
        {
            throw new ArgumentException($"The offsets ({offsets.Length}) must be as long as the ids ({ids.Length}), or empty.", nameof(offsets));
        }
        var sink = new TokenSink(ids, offsets, truncate: false);
        if (Encode(text, ref sink, trackOrigins: !offsets.IsEmpty))
        {
            idsWritten = sink.Written;
            charsConsumed = text.Length;
            return OperationStatus.Done;
        }
        if (offsets.IsEmpty)
        {
            // Where the last whole word started is known only with origins: encode again, tracking them (rare).
            sink = new TokenSink(ids, [], truncate: false);
            Encode(text, ref sink, trackOrigins: true);
        }
        // Resuming at a word's space is exact only when leading spaces are removed and the prefix is a "▁" again;
        // for other models the caller gets nothing and needs a larger buffer.
        idsWritten = _resumesAtWords ? sink.WordStartWritten : 0;
        charsConsumed = idsWritten == 0 ? 0 : sink.WordStartChar;
        return OperationStatus.DestinationTooSmall;
    }

    /// <summary>The number of ids <paramref name="text"/> encodes to, without special tokens.</summary>
    public int CountTokens(ReadOnlySpan<char> text)
    {
        var sink = new TokenSink([], [], truncate: true);
        Encode(text, ref sink, trackOrigins: false);
        return sink.Total;
    }

    /// <summary>Encodes into <paramref name="ids"/> the first ids that fit (truncation); returns how many the whole text has.</summary>
    public int EncodeTruncated(ReadOnlySpan<char> text, Span<int> ids)
    {
        var sink = new TokenSink(ids, [], truncate: true);
        Encode(text, ref sink, trackOrigins: false);
        return sink.Total;
    }

    /// <summary>The ids of <paramref name="text"/>, without special tokens (allocates the array).</summary>
    public int[] EncodeToIds(string text)
    {
        var ids = new List<int>();
        Encode(text, ids);
        return [.. ids];
    }

    /// <summary>Appends the ids of <paramref name="text"/>, without special tokens, to <paramref name="ids"/>.</summary>
    public void Encode(string text, List<int> ids)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(ids);
        var count = CountTokens(text);
        var rented = count > ListChunkLength ? ArrayPool<int>.Shared.Rent(count) : null;
        Span<int> buffer = rented ?? stackalloc int[ListChunkLength];
        try
        {
            var written = EncodeTruncated(text, buffer[..count]);
            ids.AddRange(buffer[..Math.Min(written, count)]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    string IDetokenizer.Decode(ReadOnlySpan<int> ids) => Decode(ids);

    /// <summary>
    /// The text of generated ids: pieces joined, "▁" as a space, the leading space removed, &lt;0xXX&gt; byte pieces
    /// as their bytes; special tokens (control and unknown pieces; Marian's &lt;/s&gt;, &lt;unk&gt;, &lt;pad&gt;) skipped.
    /// </summary>
    public string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens = true)
    {
        var bytes = new ArrayBufferWriter<byte>(ids.Length * 8 + 16);
        Span<byte> one = stackalloc byte[1];
        // As sentencepiece's decoder: until something is written, each piece loses the "▁" it starts with (the
        // dummy prefix, and any "▁" pieces that made nothing).
        var atStart = true;
        foreach (var id in ids)
        {
            if ((uint)id >= (uint)VocabularySize)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), id, $"An id is outside the vocabulary (0..{VocabularySize - 1}).");
            }
            if (skipSpecialTokens && _specialIds.Contains(id))
            {
                continue;
            }
            var piece = GetPiece(id).AsSpan();
            if (_modelIds is null && _types[id] == PieceType.Byte && _bytePieces is not null)
            {
                one[0] = byte.Parse(piece.Slice(3, 2), System.Globalization.NumberStyles.HexNumber, null);
                bytes.Write(one);
                atStart = false;
                continue;
            }
            if (atStart && piece.StartsWith('\u2581'))
            {
                piece = piece[1..];
            }
            atStart &= piece.IsEmpty;
            var size = Encoding.UTF8.GetByteCount(piece);
            Encoding.UTF8.GetBytes(piece, bytes.GetSpan(size));
            bytes.Advance(size);
        }
        return Encoding.UTF8.GetString(bytes.WrittenSpan).Replace('\u2581', ' ');
    }

    private int PieceIndex(string piece)
    {
        for (var i = 0; i < _pieces.Length; i++)
        {
            if (_pieces[i] == piece)
            {
                return i;
            }
        }
        return -1;
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    // Returns true when every id went to the sink, false when it filled up (not truncating).
    private bool Encode(ReadOnlySpan<char> text, scoped ref TokenSink sink, bool trackOrigins)
    {
        var maxBytes = text.Length * 3;
        byte[]? rentedInput = maxBytes > StackBytes ? ArrayPool<byte>.Shared.Rent(maxBytes) : null;
        Span<byte> input = rentedInput ?? stackalloc byte[StackBytes];
        Span<byte> normalizedStack = stackalloc byte[StackBytes];
        int[]? rentedOrigins = null;
        var normalized = new NormalizedText(normalizedStack, trackOrigins ? (rentedOrigins = ArrayPool<int>.Shared.Rent(StackBytes)) : default, trackOrigins);
        int[]? utf16Of = null;
        try
        {
            Utf8.FromUtf16(text, input, out _, out var inputLength, replaceInvalidSequences: true);
            input = input[..inputLength];
            _normalizer.Normalize(input, ref normalized);
            if (trackOrigins)
            {
                utf16Of = ArrayPool<int>.Shared.Rent(inputLength + 1);
                MapUtf16(input, utf16Of);
            }
            return Segment(normalized.Bytes, normalized.Origins, normalized.End, utf16Of, ref sink);
        }
        finally
        {
            normalized.Dispose();
            if (rentedOrigins is not null)
            {
                ArrayPool<int>.Shared.Return(rentedOrigins);
            }
            if (utf16Of is not null)
            {
                ArrayPool<int>.Shared.Return(utf16Of);
            }
            if (rentedInput is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedInput);
            }
        }
    }

    // The UTF-16 index of each UTF-8 byte offset of well-formed input (and of its end).
    private static void MapUtf16(ReadOnlySpan<byte> input, int[] utf16Of)
    {
        var units = 0;
        for (var i = 0; i < input.Length; i++)
        {
            utf16Of[i] = units;
            var b = input[i];
            if ((b & 0xC0) != 0x80)
            {
                units += b >= 0xF0 ? 2 : 1;
            }
        }
        utf16Of[input.Length] = units;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool StartsWord(ReadOnlySpan<byte> text, int start) =>
        start + 2 < text.Length && text[start] == 0xE2 && text[start + 1] == 0x96 && text[start + 2] == 0x81;

    private bool Emit(int piece, int start, int end, scoped ReadOnlySpan<byte> text, scoped CharPositions at, scoped ref TokenSink sink)
    {
        var id = _modelIds is null ? piece : piece == _unknownPiece ? UnknownSurfaceId(text[start..end]) : _modelIds[piece];
        return sink.Add(id, at.Of(start), at.Of(end), StartsWord(text, start), at.Known);
    }

    /// <summary>The UTF-16 index in the source text of a normalized byte (of what made it); only when origins are tracked.</summary>
    private readonly ref struct CharPositions(ReadOnlySpan<int> origins, int originEnd, int[]? utf16Of)
    {
        private readonly ReadOnlySpan<int> _origins = origins;

        public bool Known => utf16Of is not null;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Of(int normalizedIndex) =>
            utf16Of is null ? 0 : utf16Of[normalizedIndex < _origins.Length ? _origins[normalizedIndex] : originEnd];
    }

    // Hugging Face's MarianTokenizer looks the unknown piece's text up in vocab.json (its <unk> when absent).
    private int UnknownSurfaceId(ReadOnlySpan<byte> surface)
    {
        char[]? rented = surface.Length > 256 ? ArrayPool<char>.Shared.Rent(surface.Length) : null;
        Span<char> chars = rented ?? stackalloc char[256];
        try
        {
            Utf8.ToUtf16(surface, chars, out _, out var written);
            return _vocabularyLookup.TryGetValue(chars[..written], out var id) ? id : UnknownId;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Where ids (and offsets) go: stops when full, or, truncating, keeps counting past the end.</summary>
    private ref struct TokenSink(Span<int> ids, Span<Range> offsets, bool truncate)
    {
        public readonly Span<int> Ids = ids;
        public readonly Span<Range> Offsets = offsets;
        public int Written;
        public int Total;
        public int WordStartWritten;
        public int WordStartChar;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Add(int id, int start, int end, bool startsWord, bool positionsKnown)
        {
            if (startsWord && positionsKnown)
            {
                WordStartWritten = Written;
                WordStartChar = start;
            }
            if (Written < Ids.Length)
            {
                Ids[Written] = id;
                if (!Offsets.IsEmpty)
                {
                    Offsets[Written] = new Range(start, end);
                }
                Written++;
            }
            else if (!truncate)
            {
                return false;
            }
            Total++;
            return true;
        }
    }
}
