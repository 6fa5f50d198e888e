using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Translate.Core.Tokenization.SentencePiece.Model;

/// <summary>
/// The best segmentation of words seen before, by their normalized UTF-8 bytes, for
/// <see cref="SentencePieceTokenizer"/>. An open-addressing table with the words and tokens in two arenas, made on
/// the first word and doubled when full: a lookup neither allocates nor locks, an addition copies into the arenas
/// under a lock, and past the capacity nothing more is added (memory stays bounded, as Hugging Face's tokenizers
/// bound their word caches). Safe for any number of threads: an entry is published by writing its hash
/// last, and a reader reads the hash first.
/// </summary>
internal sealed class WordSegmentationCache
{
    // Probes per lookup or addition at most: bounded time even for words made to collide (the hash is also seeded
    // per process). A word that finds no place within them is not cached.
    private const int MaxProbes = 16;

    // Words the first storage holds; it doubles when full, up to the capacity.
    private const int InitialWords = 1024;

    // Room in the arenas per word: news words take 7 UTF-8 bytes and 1.4 tokens on average.
    private const int KeyBytesPerWord = 16;
    private const int TokensPerWord = 4;

    private static readonly ulong Seed = (ulong)RandomNumberGenerator.GetInt32(int.MaxValue) << 32 | (uint)RandomNumberGenerator.GetInt32(int.MaxValue);

    private readonly int _capacity;
    private readonly Lock _writeLock = new();
    private Storage? _storage;

    /// <param name="capacity">How many words the cache may hold.</param>
    public WordSegmentationCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
    }

    /// <summary>How many words are held.</summary>
    public int Count => Volatile.Read(ref _storage)?.Count ?? 0;

    /// <summary>The word's hash, for <see cref="TryGet"/> and <see cref="Add"/>.</summary>
    public static int Hash(ReadOnlySpan<byte> word)
    {
        var hash = Seed ^ ((ulong)word.Length * 0x9E3779B97F4A7C15);
        ref var start = ref MemoryMarshal.GetReference(word);
        var i = 0;
        for (; i + 8 <= word.Length; i += 8)
        {
            hash = Mix(hash ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i)));
        }
        ulong tail = 0;
        for (var shift = 0; i < word.Length; i++, shift += 8)
        {
            tail |= (ulong)Unsafe.Add(ref start, i) << shift;
        }
        hash = Mix(hash ^ tail);
        return (int)(hash >> 32) | 1; // never 0: 0 marks a free slot
    }

    /// <summary>The word's tokens (piece &lt;&lt; 8 | byte length), margin and magnitude, when it is held.</summary>
    public bool TryGet(ReadOnlySpan<byte> word, int hash, out ReadOnlySpan<int> tokens, out double margin, out double magnitude)
    {
        var storage = Volatile.Read(ref _storage);
        if (storage is not null)
        {
            var mask = storage.Entries.Length - 1;
            for (int probe = 0, slot = hash & mask; probe < MaxProbes; probe++, slot = (slot + 1) & mask)
            {
                ref var entry = ref storage.Entries[slot];
                var slotHash = Volatile.Read(ref entry.Hash);
                if (slotHash == 0)
                {
                    break;
                }
                if (slotHash == hash && storage.Keys.AsSpan(entry.KeyStart, entry.KeyLength).SequenceEqual(word))
                {
                    tokens = storage.Tokens.AsSpan(entry.TokenStart, entry.TokenCount);
                    margin = entry.Margin;
                    magnitude = entry.Magnitude;
                    return true;
                }
            }
        }
        tokens = default;
        margin = magnitude = 0;
        return false;
    }

    /// <summary>Forgets every word (the next one makes a new, small storage).</summary>
    public void Clear()
    {
        lock (_writeLock)
        {
            Volatile.Write(ref _storage, null);
        }
    }

    /// <summary>Adds a word's segmentation (see <see cref="TryGet"/>) unless it is held or there is no room.</summary>
    public void Add(ReadOnlySpan<byte> word, int hash, ReadOnlySpan<int> tokens, double margin, double magnitude)
    {
        if (word.Length > byte.MaxValue || tokens.Length > byte.MaxValue)
        {
            return;
        }
        lock (_writeLock)
        {
            var storage = _storage ?? new Storage(Math.Min(InitialWords, _capacity));
            if (!storage.HasRoom(word.Length, tokens.Length))
            {
                if (storage.Words == _capacity)
                {
                    return;
                }
                storage = storage.Grown(Math.Min(2 * storage.Words, _capacity));
            }
            storage.TryAdd(word, hash, tokens, margin, magnitude);
            // A new or grown storage is published whole: readers see the old one or the complete new one.
            if (!ReferenceEquals(storage, _storage))
            {
                Volatile.Write(ref _storage, storage);
            }
        }
    }

    // A 64-bit finalizer (splitmix64's): every input bit moves every output bit.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EB;
        return value ^ (value >> 31);
    }

    /// <summary>The table and arenas for up to <see cref="Words"/> words; written only under the cache's lock.</summary>
    private sealed class Storage(int words)
    {
        // Slots at least 4/3 of the words, a power of two: the table stays under 75% full.
        public readonly Entry[] Entries = new Entry[(int)BitOperations.RoundUpToPowerOf2((uint)(words + words / 3))];
        public readonly byte[] Keys = new byte[words * KeyBytesPerWord];
        public readonly int[] Tokens = new int[words * TokensPerWord];
        public readonly int Words = words;
        public int KeyEnd;
        public int TokenEnd;
        public int Count;

        public bool HasRoom(int keyLength, int tokenCount) =>
            Count < Words && KeyEnd + keyLength <= Keys.Length && TokenEnd + tokenCount <= Tokens.Length;

        /// <summary>A storage for more words, holding these.</summary>
        public Storage Grown(int words)
        {
            var grown = new Storage(words);
            foreach (ref readonly var entry in Entries.AsSpan())
            {
                if (entry.Hash != 0)
                {
                    grown.TryAdd(Keys.AsSpan(entry.KeyStart, entry.KeyLength), entry.Hash, Tokens.AsSpan(entry.TokenStart, entry.TokenCount), entry.Margin, entry.Magnitude);
                }
            }
            return grown;
        }

        public void TryAdd(ReadOnlySpan<byte> word, int hash, ReadOnlySpan<int> tokens, double margin, double magnitude)
        {
            var mask = Entries.Length - 1;
            for (int probe = 0, slot = hash & mask; probe < MaxProbes; probe++, slot = (slot + 1) & mask)
            {
                ref var entry = ref Entries[slot];
                if (entry.Hash == hash && Keys.AsSpan(entry.KeyStart, entry.KeyLength).SequenceEqual(word))
                {
                    return;
                }
                if (entry.Hash != 0)
                {
                    continue;
                }
                word.CopyTo(Keys.AsSpan(KeyEnd));
                tokens.CopyTo(Tokens.AsSpan(TokenEnd));
                entry.KeyStart = KeyEnd;
                entry.KeyLength = (byte)word.Length;
                entry.TokenStart = TokenEnd;
                entry.TokenCount = (byte)tokens.Length;
                entry.Margin = margin;
                entry.Magnitude = (float)magnitude;
                KeyEnd += word.Length;
                TokenEnd += tokens.Length;
                Volatile.Write(ref entry.Hash, hash);
                Volatile.Write(ref Count, Count + 1);
                return;
            }
        }
    }

    // 32 bytes: words and their tokens are at most 255 long (the tokenizer caches words of up to 64 bytes).
    private struct Entry
    {
        public int Hash;
        public int KeyStart;
        public int TokenStart;
        public byte KeyLength;
        public byte TokenCount;
        public double Margin;
        public float Magnitude; // rounding it to float is covered by the spare factor of the check that uses it
    }
}
