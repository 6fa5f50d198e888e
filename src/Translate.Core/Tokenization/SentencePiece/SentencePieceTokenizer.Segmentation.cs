using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Translate.Core.Tokenization.SentencePiece.Model;

namespace Translate.Core.Tokenization.SentencePiece;

/// <summary>
/// The segmentation: sentencepiece's EncodeOptimized, a Viterbi search over the pieces that start at each character,
/// done word by word. No piece has a "▁" after its first character (checked when the model loads), so every path
/// passes through each "▁": a word's best tokens depend on the text before it only through the path score it enters
/// with. Words are cached with what it takes for their tokens to stay best after another score
/// (<see cref="Holds"/>); when that is not shown, the word is searched from the actual score,
/// so the ids are always sentencepiece's.
/// </summary>
public sealed partial class SentencePieceTokenizer
{
    // Words up to this many normalized UTF-8 bytes ("▁" included) are cached: news words are 7 bytes on average, and
    // the packed tokens keep a piece's length in 8 bits.
    private const int MaxCachedWordBytes = 64;

    // At most this many words are cached (about 3.5 MB at the full size; the storage starts small and doubles): one pass
    // over the 159,121 lines of French manual pages leaves 35,560 words in it (Marian's source.spm). Past it, new
    // words are segmented every time.
    private const int WordCacheCapacity = 48_000;

    // Positions of a lattice on the stack; longer words and texts rent from ArrayPool.
    private const int StackPositions = 512;

    // Float's unit roundoff: storing a path score as float moves it by at most this much of its magnitude.
    private const double FloatRoundoff = 1.0 / (1 << 24);

    private static ReadOnlySpan<byte> SpaceSymbol => "\u2581"u8;

    /// <summary>How many words the segmentation cache holds (0 when the model cannot be segmented by word).</summary>
    internal int CachedWords => _words?.Count ?? 0;

    /// <summary>Empties the word cache, as in a tokenizer just made (for measuring a first pass).</summary>
    internal void ClearWordCache() => _words?.Clear();

    // Every path passes through each "▁" when no piece has one after its first character (with whitespace as a
    // suffix or split_by_whitespace off, pieces do) and piece indices fit the packed tokens.
    private static bool CanSegmentByWord(List<(byte[] Key, int Piece)> entries) =>
        entries.Count < 1 << 23 && entries.TrueForAll(entry => entry.Key.AsSpan(1).IndexOf(SpaceSymbol) < 0);

    // The best segmentation's tokens, then on to the sink.
    private bool Segment(scoped ReadOnlySpan<byte> text, scoped ReadOnlySpan<int> origins, int originEnd, int[]? utf16Of, scoped ref TokenSink sink)
    {
        if (text.IsEmpty)
        {
            return true;
        }
        var size = text.Length;
        var rented = size > StackPositions ? ArrayPool<int>.Shared.Rent(2 * size) : null;
        Span<int> buffer = rented ?? stackalloc int[2 * StackPositions];
        try
        {
            var pieces = buffer[..size];
            var ends = buffer.Slice(size, size);
            var count = FindTokens(text, pieces, ends);
            return EmitTokens(text, pieces[..count], ends[..count], new CharPositions(origins, originEnd, utf16Of), ref sink);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    // Writes each token's piece and end (in bytes), in order; returns how many.
    private int FindTokens(ReadOnlySpan<byte> text, Span<int> pieces, Span<int> ends)
    {
        Span<int> found = stackalloc int[MaxCachedWordBytes];
        var count = 0;
        var score = 0f; // the best path's score at the current word, stored as float as sentencepiece stores it
        for (var start = 0; start < text.Length;)
        {
            var end = _words is null ? text.Length : NextWordStart(text, start);
            var word = text[start..end];
            if (_words is not null && word.Length <= MaxCachedWordBytes)
            {
                var hash = WordSegmentationCache.Hash(word);
                scoped ReadOnlySpan<int> tokens;
                if (!_words.TryGet(word, hash, out var held, out var margin, out var magnitude))
                {
                    tokens = SegmentAlone(word, found, out margin, out magnitude);
                    _words.Add(word, hash, tokens, margin, magnitude);
                }
                else
                {
                    tokens = held;
                }
                if (Holds(margin, magnitude, word.Length, score))
                {
                    foreach (var packed in tokens)
                    {
                        var piece = packed >> 8;
                        var length = packed & 0xFF;
                        start += length;
                        pieces[count] = piece;
                        ends[count++] = start;
                        score = Extend(score, piece, length);
                    }
                    continue;
                }
            }
            count = SegmentFrom(text, start, end, score, pieces, ends, count, out score);
            start = end;
        }
        return count;
    }

    private static int NextWordStart(ReadOnlySpan<byte> text, int start)
    {
        for (var i = start + 1; i + 2 < text.Length; i++)
        {
            if (text[i] == 0xE2 && text[i + 1] == 0x96 && text[i + 2] == 0x81)
            {
                return i;
            }
        }
        return text.Length;
    }

    // A path's score after one more token, in sentencepiece's arithmetic (as in Lattice).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float Extend(float score, int piece, int length)
    {
        if (piece == _unknownPiece)
        {
            return _unknownScore + score;
        }
        var pieceScore = _pathScores[piece];
        return (float)((float.IsNaN(pieceScore) ? (double)(length * _maxScore) - 0.1 : pieceScore) + score);
    }

    /// <summary>
    /// Whether sentencepiece's search, entering a word with <paramref name="score"/>, picks the tokens found for it
    /// from 0 (<see cref="SegmentAlone"/>). Every candidate moves by the same score, so only rounding can change a
    /// choice: each stored score rounds to float once a piece, at most one piece a byte on a path, so the rounding is
    /// at most length × 2^-24 × (|score| + magnitude) in each of the two searches, on each side of a choice. A margin
    /// above four times that (twice, to spare) cannot be overturned; below it, the word is searched from the score.
    /// </summary>
    private static bool Holds(double margin, double magnitude, int length, float score) =>
        margin > 8.0 * (length + 1) * FloatRoundoff * (Math.Abs(score) + magnitude + 1.0);

    // A word's best tokens (piece << 8 | byte length) from a path score of 0, into tokens; with the smallest margin,
    // over its positions, of the winning candidate over the next best, and the largest magnitude of a candidate.
    private ReadOnlySpan<int> SegmentAlone(ReadOnlySpan<byte> word, Span<int> tokens, out double margin, out double magnitude)
    {
        var positions = word.Length + 1;
        Span<float> best = stackalloc float[MaxCachedWordBytes + 1];
        Span<int> startsAt = stackalloc int[MaxCachedWordBytes + 1];
        Span<int> pieceAt = stackalloc int[MaxCachedWordBytes + 1];
        Span<double> contests = stackalloc double[2 * (MaxCachedWordBytes + 1)];
        contests = contests[..(2 * positions)];
        contests.Fill(double.NegativeInfinity);
        var record = new MarginRecord(contests);
        Lattice(word, 0f, best[..positions], startsAt[..positions], pieceAt[..positions], ref record);

        margin = double.PositiveInfinity;
        magnitude = 0.0;
        for (var k = 1; k < positions; k++)
        {
            var (winner, runnerUp) = (contests[2 * k], contests[2 * k + 1]);
            if (double.IsNegativeInfinity(winner))
            {
                continue; // inside a character: no piece ends there
            }
            magnitude = Math.Max(magnitude, Math.Abs(winner));
            if (!double.IsNegativeInfinity(runnerUp))
            {
                magnitude = Math.Max(magnitude, Math.Abs(runnerUp));
                margin = Math.Min(margin, winner - runnerUp);
            }
        }
        var count = 0;
        for (var end = word.Length; end > 0; end = startsAt[end])
        {
            count++;
        }
        tokens = tokens[..count];
        for (var end = word.Length; end > 0; end = startsAt[end])
        {
            tokens[--count] = pieceAt[end] << 8 | (end - startsAt[end]);
        }
        return tokens;
    }

    // Text[start..end]'s best tokens entered with a path score, appended after count; returns the new count.
    private int SegmentFrom(ReadOnlySpan<byte> text, int start, int end, float score, Span<int> pieces, Span<int> ends, int count, out float endScore)
    {
        var positions = end - start + 1;
        var rented = positions > StackPositions ? ArrayPool<int>.Shared.Rent(2 * positions) : null;
        var rentedScores = positions > StackPositions ? ArrayPool<float>.Shared.Rent(positions) : null;
        Span<int> ints = rented ?? stackalloc int[2 * StackPositions];
        Span<float> best = rentedScores ?? stackalloc float[StackPositions];
        try
        {
            var startsAt = ints[..positions];
            var pieceAt = ints.Slice(positions, positions);
            var none = default(NoRecord);
            Lattice(text[start..end], score, best[..positions], startsAt, pieceAt, ref none);
            endScore = best[positions - 1];
            var first = count;
            for (var at = positions - 1; at > 0; at = startsAt[at])
            {
                pieces[count] = pieceAt[at];
                ends[count++] = start + at;
            }
            pieces[first..count].Reverse();
            ends[first..count].Reverse();
            return count;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
            if (rentedScores is not null)
            {
                ArrayPool<float>.Shared.Return(rentedScores);
            }
        }
    }

    /// <summary>
    /// sentencepiece's EncodeOptimized over <paramref name="text"/> entered with <paramref name="score"/>: best[k] is
    /// the best path score to byte k (float), reached by piece pieceAt[k] from startsAt[k]; every candidate goes to
    /// <paramref name="record"/> (a type argument, so that the search without one costs nothing more).
    /// </summary>
    private void Lattice<TRecord>(ReadOnlySpan<byte> text, float score, Span<float> best, Span<int> startsAt, Span<int> pieceAt, ref TRecord record)
        where TRecord : ICandidateRecord, allows ref struct
    {
        var size = text.Length;
        // No start is known yet: any first candidate wins (sentencepiece's starts_at == -1 test), as every finite
        // score beats minus infinity.
        best.Fill(float.NegativeInfinity);
        best[0] = score;
        // The hot loop walks the trie's units directly: a node is always a valid unit and Base + 255 stays inside
        // the padded array (ByteTrie), the positions stay below size + 1.
        ref var units = ref Unsafe.AsRef(in _trie.Units);
        ref var bytes = ref MemoryMarshal.GetReference(text);
        ref var bestRef = ref MemoryMarshal.GetReference(best);
        ref var startsRef = ref MemoryMarshal.GetReference(startsAt);
        ref var piecesRef = ref MemoryMarshal.GetReference(pieceAt);
        var maxScore = _maxScore;
        var rootBase = units.Base;
        for (var start = 0; start < size;)
        {
            var bestHere = Unsafe.Add(ref bestRef, start);
            var charLength = Math.Min(Utf8CharLength[Unsafe.Add(ref bytes, start) >> 4], size - start);
            var hasSingle = false;
            var node = ByteTrie.Root;
            var nodeBase = rootBase;
            for (var key = start; key < size;)
            {
                var next = nodeBase + Unsafe.Add(ref bytes, key++);
                ref var unit = ref Unsafe.Add(ref units, next);
                if (unit.Check != node)
                {
                    break;
                }
                node = next;
                nodeBase = unit.Base;
                var piece = unit.Value;
                if (piece < 0)
                {
                    continue;
                }
                var length = key - start;
                var pieceScore = unit.Score;
                // The ternary with 0.1 makes sentencepiece's score a double: the sum is exact, then stored as float.
                var candidate = (float.IsNaN(pieceScore) ? (double)(length * maxScore) - 0.1 : pieceScore) + bestHere;
                ref var bestOfKey = ref Unsafe.Add(ref bestRef, key);
                var better = candidate > bestOfKey;
                record.Record(key, candidate, better);
                if (better)
                {
                    bestOfKey = (float)candidate;
                    Unsafe.Add(ref startsRef, key) = start;
                    Unsafe.Add(ref piecesRef, key) = piece;
                }
                hasSingle |= length == charLength;
            }
            if (!hasSingle)
            {
                var end = start + charLength;
                var candidate = _unknownScore + bestHere; // float throughout, as in sentencepiece
                var better = candidate > best[end];
                record.Record(end, candidate, better);
                if (better)
                {
                    best[end] = candidate;
                    startsAt[end] = start;
                    pieceAt[end] = _unknownPiece;
                }
            }
            start += charLength;
        }
    }

    /// <summary>What the search is told of each candidate: its end, its score, and whether it is now the best there.</summary>
    private interface ICandidateRecord
    {
        void Record(int end, double candidate, bool wins);
    }

    private readonly struct NoRecord : ICandidateRecord
    {
        public void Record(int end, double candidate, bool wins)
        {
        }
    }

    /// <summary>
    /// Each position's winning and next best candidate scores, side by side (position k at 2k and 2k + 1, all starting
    /// at minus infinity; the search passes only positions inside the span).
    /// </summary>
    private readonly ref struct MarginRecord(Span<double> contests) : ICandidateRecord
    {
        private readonly ref double _contests = ref MemoryMarshal.GetReference(contests);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Record(int end, double candidate, bool wins)
        {
            ref var winner = ref Unsafe.Add(ref Unsafe.AsRef(in _contests), 2 * end);
            ref var runnerUp = ref Unsafe.Add(ref winner, 1);
            var loser = wins ? winner : candidate;
            if (loser > runnerUp)
            {
                runnerUp = loser;
            }
            if (wins)
            {
                winner = candidate;
            }
        }
    }

    // The tokens to the sink: consecutive unknowns as one token (sentencepiece merges them), bytes for unknowns with
    // byte_fallback.
    private bool EmitTokens(scoped ReadOnlySpan<byte> text, scoped ReadOnlySpan<int> pieces, scoped ReadOnlySpan<int> ends, scoped CharPositions at, scoped ref TokenSink sink)
    {
        // Emitted one token late, to merge unknowns.
        int pendingPiece = -1, pendingStart = 0, pendingEnd = 0;
        var start = 0;
        for (var t = 0; t < pieces.Length; start = ends[t], t++)
        {
            var end = ends[t];
            var piece = pieces[t];
            if (piece == _unknownPiece && _bytePieces is not null)
            {
                if (pendingPiece >= 0 && !Emit(pendingPiece, pendingStart, pendingEnd, text, at, ref sink))
                {
                    return false;
                }
                pendingPiece = -1;
                for (var b = start; b < end; b++)
                {
                    if (!sink.Add(_bytePieces[text[b]], at.Of(start), at.Of(end), b == start && StartsWord(text, start), at.Known))
                    {
                        return false;
                    }
                }
                continue;
            }
            if (piece == _unknownPiece && pendingPiece == _unknownPiece)
            {
                pendingEnd = end;
                continue;
            }
            if (pendingPiece >= 0 && !Emit(pendingPiece, pendingStart, pendingEnd, text, at, ref sink))
            {
                return false;
            }
            (pendingPiece, pendingStart, pendingEnd) = (piece, start, end);
        }
        return pendingPiece < 0 || Emit(pendingPiece, pendingStart, pendingEnd, text, at, ref sink);
    }
}
