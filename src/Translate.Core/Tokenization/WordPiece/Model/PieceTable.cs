using System.Numerics;
using System.Runtime.CompilerServices;

namespace Translate.Core.Tokenization.WordPiece.Model;

/// <summary>
/// Open-addressing hash table of the vocabulary's pieces, keyed by a hash that extends one character at a time:
/// the greedy longest match hashes every prefix of the rest of a word in one pass, then probes from the longest,
/// instead of rehashing each candidate as a dictionary would. A 64 KB bit filter in front turns away most
/// candidates that are not pieces without touching the table (a French word unknown to the English vocabulary
/// costs a dozen failed probes a piece).
/// </summary>
internal sealed class PieceTable
{
    /// <summary>Starting hash of word-initial pieces.</summary>
    public const ulong InitialSeed = 0xCBF29CE484222325;

    /// <summary>Starting hash of continuation pieces (looked up without their "##").</summary>
    public const ulong ContinuationSeed = 0x84222325CBF29CE4;

    private const ulong Prime = 0x100000001B3; // FNV-1a
    private const ulong Mixer = 0x9E3779B97F4A7C15; // Fibonacci hashing: spreads the hash over the top bits
    private const int FilterBits = 19; // 2^19 bits = 64 KB; with 30,522 pieces about 6% of misses get through

    private readonly Slot[] _slots;
    private readonly char[] _characters;
    private readonly ulong[] _filter = new ulong[(1 << FilterBits) / 64];
    private readonly int _shift;
    private readonly int _mask;

    public PieceTable(IEnumerable<(string Piece, bool Continuation, int Id)> pieces)
    {
        var list = pieces.ToList();
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, list.Count * 2));
        _slots = new Slot[capacity];
        _mask = capacity - 1;
        _shift = 64 - BitOperations.Log2((uint)capacity);
        _characters = new char[list.Sum(entry => entry.Piece.Length)];
        var offset = 0;
        foreach (var (piece, continuation, id) in list)
        {
            piece.CopyTo(_characters.AsSpan(offset));
            var hash = Hash(continuation ? ContinuationSeed : InitialSeed, piece);
            var existing = Find(hash, piece);
            if (existing >= 0)
            {
                // A later duplicate wins, as in Hugging Face's WordPiece::read_file (HashMap::insert).
                ref var slot = ref FindSlot(hash, piece);
                slot.IdPlusOne = id + 1;
                continue;
            }
            var index = Index(hash);
            while (_slots[index].IdPlusOne != 0)
            {
                index = (index + 1) & _mask;
            }
            _slots[index] = new Slot { Hash = hash, IdPlusOne = id + 1, Offset = offset, Length = piece.Length };
            var bit = FilterBit(hash);
            _filter[bit >> 6] |= 1UL << bit;
            offset += piece.Length;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Extend(ulong hash, char c) => (hash ^ c) * Prime;

    public static ulong Hash(ulong seed, ReadOnlySpan<char> piece)
    {
        var hash = seed;
        foreach (var c in piece)
        {
            hash = Extend(hash, c);
        }
        return hash;
    }

    /// <summary>The id of the piece whose hash (from the right seed) is <paramref name="hash"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(ulong hash, ReadOnlySpan<char> piece)
    {
        var bit = FilterBit(hash);
        if ((_filter[bit >> 6] & (1UL << bit)) == 0)
        {
            return -1;
        }
        var index = Index(hash);
        while (true)
        {
            ref var slot = ref _slots[index];
            if (slot.IdPlusOne == 0)
            {
                return -1;
            }
            if (slot.Hash == hash && piece.SequenceEqual(_characters.AsSpan(slot.Offset, slot.Length)))
            {
                return slot.IdPlusOne - 1;
            }
            index = (index + 1) & _mask;
        }
    }

    private ref Slot FindSlot(ulong hash, ReadOnlySpan<char> piece)
    {
        var index = Index(hash);
        while (!(_slots[index].Hash == hash && piece.SequenceEqual(_characters.AsSpan(_slots[index].Offset, _slots[index].Length))))
        {
            index = (index + 1) & _mask;
        }
        return ref _slots[index];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Index(ulong hash) => (int)((hash * Mixer) >> _shift);

    // The top bits of the mixed hash, finer than the slot index: a piece's "neighbourhood" is occupied or not.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FilterBit(ulong hash) => (int)((hash * Mixer) >> (64 - FilterBits));

    private struct Slot
    {
        public ulong Hash;
        public int IdPlusOne; // 0: empty
        public int Offset;
        public int Length;
    }
}
