using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Translate.Core.Text;
using System.Text.Unicode;

namespace Translate.Core.Tokenization.Bpe;

/// <summary>
/// Byte-level BPE as GPT-2, RoBERTa and BART tokenize (Hugging Face's ByteLevel pre-tokenizer without prefix space,
/// BPE model, ByteLevel decoder): the added tokens written in the text (&lt;s&gt;, &lt;/s&gt;, &lt;pad&gt;, &lt;unk&gt;,
/// &lt;mask&gt;) matched as themselves, the rest split by GPT-2's regex, each piece's UTF-8 bytes as GPT-2's
/// byte-to-unicode characters, merged by rank; the pieces of each word are cached. Loaded from vocab.json and
/// merges.txt. Encoding writes into the caller's buffers; it allocates only when a word is not in the cache yet.
/// Thread-safe.
/// </summary>
[SkipLocalsInit]
public sealed partial class ByteLevelBpeTokenizer : IDetokenizer
{
    // Hugging Face's BPE cache capacity: words beyond it are merged every time, not kept.
    private const int CacheCapacity = 10_000;

    // A word's bytes up to this length are merged in stack buffers; longer ones rent.
    private const int StackSymbols = 256;

    private static readonly string[] SpecialTokenNames = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"];

    private readonly Dictionary<string, int> _vocabulary;
    private readonly string[] _pieces;
    private readonly Dictionary<long, (int Rank, int Merged)> _merges;
    private readonly int[] _byteIds = new int[256];
    private readonly char[] _byteChars = ByteToUnicode();
    private readonly Dictionary<char, byte> _charBytes;
    private readonly (string Text, int Id)[] _addedTokens;
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _cacheLookup;
    private readonly HashSet<int> _specialIds = [];

    private ByteLevelBpeTokenizer(Dictionary<string, int> vocabulary, IEnumerable<(string Left, string Right)> merges)
    {
        _vocabulary = vocabulary;
        var size = vocabulary.Count == 0 ? 0 : vocabulary.Values.Max() + 1;
        _pieces = new string[size];
        foreach (var (piece, id) in vocabulary)
        {
            _pieces[id] = piece;
        }
        _charBytes = [];
        for (var b = 0; b < 256; b++)
        {
            _charBytes[_byteChars[b]] = (byte)b;
            _byteIds[b] = vocabulary.TryGetValue(_byteChars[b].ToString(), out var id)
                ? id
                : throw new InvalidDataException($"vocab.json lacks the byte-level character of byte 0x{b:X2}; it is not a byte-level BPE vocabulary.");
        }
        _merges = [];
        var rank = 0;
        foreach (var (left, right) in merges)
        {
            if (vocabulary.TryGetValue(left, out var l) && vocabulary.TryGetValue(right, out var r) && vocabulary.TryGetValue(left + right, out var merged))
            {
                _merges.TryAdd(((long)l << 32) | (uint)r, (rank, merged));
            }
            rank++;
        }
        _addedTokens = [.. SpecialTokenNames.Where(vocabulary.ContainsKey).Select(name => (name, vocabulary[name]))];
        foreach (var (_, id) in _addedTokens)
        {
            _specialIds.Add(id);
        }
        _cacheLookup = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
        BeginOfSequenceId = vocabulary.GetValueOrDefault("<s>", -1);
        EndOfSequenceId = vocabulary.GetValueOrDefault("</s>", -1);
        PaddingId = vocabulary.GetValueOrDefault("<pad>", -1);
    }

    /// <summary>&lt;s&gt; (BART's row prefix), or -1.</summary>
    public int BeginOfSequenceId { get; }

    /// <summary>&lt;/s&gt;, or -1.</summary>
    public int EndOfSequenceId { get; }

    public int PaddingId { get; }

    public int VocabularySize => _pieces.Length;

    /// <summary>BART: &lt;s&gt; ids &lt;/s&gt;.</summary>
    public RowTokens RowTokens => _rowTokens ??= RowTokens.Of(BeginOfSequenceId, EndOfSequenceId);

    private RowTokens? _rowTokens;

    /// <summary>Loads vocab.json (piece to id) and merges.txt (one "left right" merge a line, by rank; a "#version" line skipped).</summary>
    public static ByteLevelBpeTokenizer Create(Stream vocabularyJson, Stream merges)
    {
        ArgumentNullException.ThrowIfNull(vocabularyJson);
        ArgumentNullException.ThrowIfNull(merges);
        var vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(vocabularyJson)
            ?? throw new InvalidDataException("vocab.json is not an object of piece to id.");
        var pairs = new List<(string, string)>();
        using var reader = new StreamReader(merges, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith("#version", StringComparison.Ordinal) || line.Length == 0)
            {
                continue;
            }
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0)
            {
                throw new InvalidDataException($"merges.txt: '{line}' is not 'left right'.");
            }
            pairs.Add((line[..space], line[(space + 1)..]));
        }
        return new ByteLevelBpeTokenizer(vocabulary, pairs);
    }

    /// <summary>Loads from the BPE model of a tokenizer.json ("model": {"type": "BPE", "vocab", "merges"}).</summary>
    internal static ByteLevelBpeTokenizer FromTokenizerJson(JsonElement model)
    {
        var vocabulary = model.GetProperty("vocab").Deserialize<Dictionary<string, int>>()!;
        var pairs = new List<(string, string)>();
        foreach (var merge in model.GetProperty("merges").EnumerateArray())
        {
            if (merge.ValueKind == JsonValueKind.Array)
            {
                pairs.Add((merge[0].GetString()!, merge[1].GetString()!));
            }
            else
            {
                var text = merge.GetString()!;
                var space = text.IndexOf(' ', StringComparison.Ordinal);
                pairs.Add((text[..space], text[(space + 1)..]));
            }
        }
        return new ByteLevelBpeTokenizer(vocabulary, pairs);
    }

    /// <summary>Loads a model folder's vocab.json and merges.txt (BART).</summary>
    public static ByteLevelBpeTokenizer FromFolder(string folder)
    {
        using var vocabulary = File.OpenRead(Path.Combine(folder, "vocab.json"));
        using var merges = File.OpenRead(Path.Combine(folder, "merges.txt"));
        return Create(vocabulary, merges);
    }

    public string GetPiece(int id) => _pieces[id];

    /// <summary>
    /// Encodes <paramref name="text"/> without special tokens into <paramref name="ids"/>. When the ids do not fit,
    /// returns <see cref="OperationStatus.DestinationTooSmall"/> with the ids of the whole pre-tokenized words that
    /// did and <paramref name="charsConsumed"/> where to resume.
    /// </summary>
    public OperationStatus EncodeToIds(ReadOnlySpan<char> text, Span<int> ids, out int idsWritten, out int charsConsumed) =>
        EncodeToIds(text, ids, [], out idsWritten, out charsConsumed);

    /// <summary>As above, with each token's UTF-16 range (a piece covers the characters its bytes belong to).</summary>
    public OperationStatus EncodeToIds(ReadOnlySpan<char> text, Span<int> ids, Span<Range> offsets, out int idsWritten, out int charsConsumed)
    {
        if (!offsets.IsEmpty && offsets.Length < ids.Length)
        {
            throw new ArgumentException($"The offsets ({offsets.Length}) must be as long as the ids ({ids.Length}), or empty.", nameof(offsets));
        }
        var sink = new Sink(ids, offsets, truncate: false);
        var done = Encode(text, ref sink);
        idsWritten = sink.Written;
        charsConsumed = done ? text.Length : sink.Consumed;
        return done ? OperationStatus.Done : OperationStatus.DestinationTooSmall;
    }

    public int CountTokens(ReadOnlySpan<char> text)
    {
        var sink = new Sink([], [], truncate: true);
        Encode(text, ref sink);
        return sink.Total;
    }

    public int EncodeTruncated(ReadOnlySpan<char> text, Span<int> ids)
    {
        var sink = new Sink(ids, [], truncate: true);
        Encode(text, ref sink);
        return sink.Total;
    }

    public int[] EncodeToIds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new int[CountTokens(text)];
        EncodeTruncated(text, ids);
        return ids;
    }

    /// <summary>Appends the ids of <paramref name="text"/>, without special tokens, to <paramref name="ids"/>.</summary>
    public void Encode(string text, List<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ids.AddRange(EncodeToIds(text));
    }

    string IDetokenizer.Decode(ReadOnlySpan<int> ids) => Decode(ids);

    /// <summary>The text of ids: the pieces' byte-level characters back to bytes, as UTF-8 (invalid sequences as U+FFFD); special tokens skipped.</summary>
    public string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens = true)
    {
        var bytes = new ArrayBufferWriter<byte>(ids.Length * 4 + 16);
        var builder = new StringBuilder();
        foreach (var id in ids)
        {
            if ((uint)id >= (uint)_pieces.Length || _pieces[id] is null)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), id, $"An id is outside the vocabulary (0..{_pieces.Length - 1}).");
            }
            if (_specialIds.Contains(id))
            {
                if (!skipSpecialTokens)
                {
                    builder.Append(Encoding.UTF8.GetString(bytes.WrittenSpan)).Append(_pieces[id]);
                    bytes.ResetWrittenCount();
                }
                continue;
            }
            foreach (var c in _pieces[id])
            {
                var span = bytes.GetSpan(1);
                span[0] = _charBytes.TryGetValue(c, out var b) ? b : (byte)'?';
                bytes.Advance(1);
            }
        }
        return builder.Append(Encoding.UTF8.GetString(bytes.WrittenSpan)).ToString();
    }

    private bool Encode(ReadOnlySpan<char> text, ref Sink sink)
    {
        var segmentStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '<')
            {
                continue;
            }
            foreach (var (name, id) in _addedTokens)
            {
                if (text[i..].StartsWith(name, StringComparison.Ordinal))
                {
                    // BART's <mask> is lstrip: it takes the whitespace before it.
                    var tokenStart = i;
                    while (name == "<mask>" && tokenStart > segmentStart && char.IsWhiteSpace(text[tokenStart - 1]))
                    {
                        tokenStart--;
                    }
                    if (!EncodeSegment(text, segmentStart, tokenStart, ref sink) || !sink.Add(id, tokenStart, i + name.Length, i + name.Length))
                    {
                        return false;
                    }
                    segmentStart = i + name.Length;
                    i = segmentStart - 1;
                    break;
                }
            }
        }
        return EncodeSegment(text, segmentStart, text.Length, ref sink);
    }

    private bool EncodeSegment(ReadOnlySpan<char> text, int start, int end, ref Sink sink)
    {
        if (end <= start)
        {
            return true;
        }
        foreach (var match in Gpt2Split().EnumerateMatches(text[start..end]))
        {
            var wordStart = start + match.Index;
            var word = text.Slice(wordStart, match.Length);
            if (!EncodeWord(word, wordStart, ref sink))
            {
                return false;
            }
        }
        return true;
    }

    private bool EncodeWord(ReadOnlySpan<char> word, int wordStart, ref Sink sink)
    {
        if (_cacheLookup.TryGetValue(word, out var cached))
        {
            return sink.AddWord(cached, word, wordStart, _pieces);
        }
        var maxBytes = word.Length * 3;
        int[]? rented = maxBytes > StackSymbols ? ArrayPool<int>.Shared.Rent(maxBytes) : null;
        byte[]? rentedBytes = maxBytes > StackSymbols ? ArrayPool<byte>.Shared.Rent(maxBytes) : null;
        Span<int> symbols = rented ?? stackalloc int[StackSymbols];
        Span<byte> bytes = rentedBytes ?? stackalloc byte[StackSymbols];
        try
        {
            Utf8.FromUtf16(word, bytes, out _, out var length, replaceInvalidSequences: true);
            for (var b = 0; b < length; b++)
            {
                symbols[b] = _byteIds[bytes[b]];
            }
            var count = Merge(symbols[..length]);
            var pieces = symbols[..count];
            if (_cache.Count < CacheCapacity)
            {
                var array = pieces.ToArray();
                _cache.TryAdd(word.ToString(), array);
                return sink.AddWord(array, word, wordStart, _pieces);
            }
            return sink.AddWord(pieces, word, wordStart, _pieces);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
            if (rentedBytes is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedBytes);
            }
        }
    }

    // Merges the pair of lowest rank (leftmost among equals) until no pair has a merge; returns the symbol count.
    private int Merge(Span<int> symbols)
    {
        var count = symbols.Length;
        while (count > 1)
        {
            var bestRank = int.MaxValue;
            var bestAt = -1;
            var bestMerged = 0;
            for (var i = 0; i + 1 < count; i++)
            {
                if (_merges.TryGetValue(((long)symbols[i] << 32) | (uint)symbols[i + 1], out var merge) && merge.Rank < bestRank)
                {
                    (bestRank, bestAt, bestMerged) = (merge.Rank, i, merge.Merged);
                }
            }
            if (bestAt < 0)
            {
                break;
            }
            symbols[bestAt] = bestMerged;
            symbols[(bestAt + 2)..count].CopyTo(symbols[(bestAt + 1)..]);
            count--;
        }
        return count;
    }

    private static char[] ByteToUnicode()
    {
        // GPT-2's bytes_to_unicode: printable Latin-1 bytes stand for themselves, the others for 256 + n.
        var chars = new char[256];
        var n = 0;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            chars[b] = printable ? (char)b : (char)(256 + n++);
        }
        return chars;
    }

    // GPT-2's pre-tokenization pattern, as Hugging Face's ByteLevel pre-tokenizer uses it.
    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+", RegexOptions.CultureInvariant, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex Gpt2Split();

    private ref struct Sink(Span<int> ids, Span<Range> offsets, bool truncate)
    {
        private readonly Span<int> _ids = ids;
        private readonly Span<Range> _offsets = offsets;
        public int Written;
        public int Total;
        public int Consumed;

        public bool Add(int id, int start, int end, int consumed)
        {
            if (Written < _ids.Length)
            {
                _ids[Written] = id;
                if (!_offsets.IsEmpty)
                {
                    _offsets[Written] = new Range(start, end);
                }
                Written++;
                Consumed = consumed;
            }
            else if (!truncate)
            {
                return false;
            }
            Total++;
            return true;
        }

        // A word's pieces go in whole, or (not truncating) not at all.
        public bool AddWord(scoped ReadOnlySpan<int> pieces, scoped ReadOnlySpan<char> word, int wordStart, string[] pieceTexts)
        {
            if (!truncate && Written + pieces.Length > _ids.Length)
            {
                return false;
            }
            var charAt = 0; // the piece's first character in the word
            var byteInChar = 0;
            foreach (var id in pieces)
            {
                if (Written < _ids.Length)
                {
                    _ids[Written] = id;
                    if (!_offsets.IsEmpty)
                    {
                        // Walk the piece's bytes through the word's characters (each piece holds one char per byte).
                        var start = charAt;
                        var bytesLeft = pieceTexts[id].Length;
                        while (bytesLeft > 0 && charAt < word.Length)
                        {
                            var width = Utf8Width(word, charAt, out var units);
                            var take = Math.Min(bytesLeft, width - byteInChar);
                            bytesLeft -= take;
                            byteInChar += take;
                            if (byteInChar == width)
                            {
                                charAt += units;
                                byteInChar = 0;
                            }
                        }
                        _offsets[Written] = new Range(wordStart + start, wordStart + (byteInChar > 0 ? charAt + 1 : charAt));
                    }
                    Written++;
                }
            }
            Total += pieces.Length;
            Consumed = wordStart + word.Length;
            return true;
        }

        private static int Utf8Width(ReadOnlySpan<char> word, int at, out int units)
        {
            var c = word[at];
            units = 1;
            if (char.IsHighSurrogate(c) && at + 1 < word.Length && char.IsLowSurrogate(word[at + 1]))
            {
                units = 2;
                return 4;
            }
            return c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }
    }
}
