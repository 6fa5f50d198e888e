using System.Buffers.Binary;

namespace Translate.Core.Tokenization.SentencePiece.Normalizer;

/// <summary>
/// NormalizerSpec.precompiled_charsmap: a little-endian uint32 trie size, a darts-clone double-array trie of UTF-8
/// source sequences (NFKC-style rules compiled by spm_train), then the NUL-terminated replacements the trie's values
/// point at. Read as sentencepiece's normalizer.cc reads it.
/// </summary>
internal sealed class PrecompiledCharsMap
{
    // sentencepiece keeps the first 32 matches of a common-prefix search (kMaxTrieResultsSize) and uses the longest.
    private const int MaxResults = 32;

    private readonly uint[] _units;
    private readonly byte[] _normalized;
    private readonly bool[] _firstByteHasRule = new bool[256];

    public PrecompiledCharsMap(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < 4)
        {
            throw new InvalidDataException("The SentencePiece precompiled_charsmap is shorter than its header.");
        }
        var trieSize = BinaryPrimitives.ReadUInt32LittleEndian(blob);
        if (trieSize > blob.Length - 4 || trieSize % 4 != 0)
        {
            throw new InvalidDataException("The SentencePiece precompiled_charsmap's trie size is out of range.");
        }
        _units = new uint[trieSize / 4];
        for (var i = 0; i < _units.Length; i++)
        {
            _units[i] = BinaryPrimitives.ReadUInt32LittleEndian(blob[(4 + 4 * i)..]);
        }
        _normalized = blob[(4 + (int)trieSize)..].ToArray();
        Span<byte> one = stackalloc byte[1];
        for (var b = 0; b < 256; b++)
        {
            one[0] = (byte)b;
            // A byte with no transition from the root starts no rule: the common case (ASCII letters) skips the trie.
            var unit = _units.Length > 0 ? _units[0] : 0;
            var position = (int)(Offset(unit) ^ (uint)b);
            _firstByteHasRule[b] = position < _units.Length && Label(_units[position]) == (uint)b;
        }
    }

    public bool MayMatch(byte first) => _firstByteHasRule[first];

    /// <summary>Whether no rule is <paramref name="unit"/> or a prefix of it.</summary>
    public bool LeavesAsIs(ReadOnlySpan<byte> unit) => Match(unit, out _) == 0;

    /// <summary>Whether some rule starts with <paramref name="prefix"/> followed by <paramref name="next"/>.</summary>
    public bool Continues(ReadOnlySpan<byte> prefix, byte next)
    {
        Span<byte> key = stackalloc byte[prefix.Length + 1];
        prefix.CopyTo(key);
        key[^1] = next;
        return HasTransition(key);
    }


    /// <summary>
    /// The longest rule that is a prefix of <paramref name="text"/> (darts-clone commonPrefixSearch): its length in
    /// bytes, 0 when none, and its replacement.
    /// </summary>
    public int Match(ReadOnlySpan<byte> text, out ReadOnlySpan<byte> replacement)
    {
        replacement = default;
        if (_units.Length == 0)
        {
            return 0;
        }
        var longest = 0;
        var value = 0u;
        var found = 0;
        var position = Offset(_units[0]);
        for (var i = 0; i < text.Length; i++)
        {
            var key = text[i];
            position ^= key;
            if (position >= (uint)_units.Length)
            {
                break;
            }
            var unit = _units[position];
            if (Label(unit) != key)
            {
                break;
            }
            position ^= Offset(unit);
            if (HasLeaf(unit))
            {
                if (found < MaxResults)
                {
                    longest = i + 1;
                    value = _units[position] & 0x7FFFFFFF;
                }
                found++;
            }
        }
        if (longest == 0)
        {
            return 0;
        }
        if (value >= _normalized.Length)
        {
            throw new InvalidDataException("A SentencePiece normalization rule points outside its replacements.");
        }
        var rest = _normalized.AsSpan((int)value);
        var end = rest.IndexOf((byte)0);
        replacement = end < 0 ? rest : rest[..end];
        return longest;
    }

    // Whether the two bytes are a path in the trie (a prefix of some rule), whether or not a rule ends there.
    private bool HasTransition(ReadOnlySpan<byte> key)
    {
        if (_units.Length == 0)
        {
            return false;
        }
        var position = Offset(_units[0]);
        foreach (var b in key)
        {
            position ^= b;
            if (position >= (uint)_units.Length || Label(_units[position]) != b)
            {
                return false;
            }
            position ^= Offset(_units[position]);
        }
        return true;
    }

    private static uint Offset(uint unit) => (unit >> 10) << (int)((unit & (1u << 9)) >> 6);

    private static uint Label(uint unit) => unit & ((1u << 31) | 0xFF);

    private static bool HasLeaf(uint unit) => ((unit >> 8) & 1) == 1;
}
