using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Translate.Core.Tokenization.SentencePiece.Model;

namespace Translate.Core.Tokenization.SentencePiece.Normalizer;

/// <summary>
/// sentencepiece's Normalizer::Normalize on UTF-8: user-defined symbols kept as they are, the longest
/// precompiled_charsmap rule at each position (else the character itself), leading, trailing and repeated
/// whitespace removed (remove_extra_whitespaces), a dummy "▁" prefix (add_dummy_prefix), and spaces escaped to
/// U+2581 (escape_whitespaces). Optionally records, for each normalized byte, the source byte it came from.
/// </summary>
internal sealed class SentencePieceNormalizer
{
    private static ReadOnlySpan<byte> SpaceSymbol => "\u2581"u8;

    private readonly PrecompiledCharsMap? _charsMap;
    private readonly ByteTrie? _userDefined;
    private readonly bool _addDummyPrefix;
    private readonly bool _removeExtraWhitespaces;
    private readonly bool _escapeWhitespaces;
    private readonly bool _whitespaceAsSuffix;
    private readonly bool[] _startsUserDefined = new bool[256];

    // The plain units, which the normalizer leaves as they are (no rule, no user-defined symbol starts there), copied
    // by one tight loop: an ASCII byte with no rule (_plainAscii) followed by a byte no rule continues it with
    // (_asciiContinues, a 256-bit set of next bytes for each byte: 4 KB, not to crowd the L1 cache), and two-byte characters and three-byte ones from U+2000 to U+2FFF
    // (punctuation, currency: the non-ASCII of European news) that no rule is or continues with an ASCII byte,
    // followed by one.
    private readonly bool[] _plainAscii = new bool[128];
    private readonly ulong[] _asciiContinues = new ulong[128 * 4];
    private readonly bool[] _plainTwoBytes = new bool[30 * 64]; // lead C2..DF × continuation
    private readonly bool[] _plainE2 = new bool[64 * 64]; // E2 × two continuations

    // Whether some rule continues an ASCII byte with another ASCII byte (none in the models here).
    private readonly bool _asciiPairsContinue;

    public SentencePieceNormalizer(ModelProto model, ByteTrie? userDefined)
    {
        _charsMap = model.PrecompiledCharsMap.Length > 0 ? new PrecompiledCharsMap(model.PrecompiledCharsMap) : null;
        _userDefined = userDefined;
        _addDummyPrefix = model.AddDummyPrefix;
        _removeExtraWhitespaces = model.RemoveExtraWhitespaces;
        _escapeWhitespaces = model.EscapeWhitespaces;
        _whitespaceAsSuffix = model.TreatWhitespaceAsSuffix;
        foreach (var piece in model.Pieces)
        {
            if (piece.Type == PieceType.UserDefined && piece.Piece.Length > 0)
            {
                _startsUserDefined[System.Text.Encoding.UTF8.GetBytes(piece.Piece)[0]] = true;
            }
        }
        Span<byte> unit = stackalloc byte[3];
        var asciiPairsContinue = false;
        for (var b = 0; b < 128; b++)
        {
            unit[0] = (byte)b;
            _plainAscii[b] = !_startsUserDefined[b] && (_charsMap is null || _charsMap.LeavesAsIs(unit[..1]));
            for (var next = 0; next < 256; next++)
            {
                if (_charsMap is not null && _charsMap.Continues(unit[..1], (byte)next))
                {
                    _asciiContinues[b * 4 + (next >> 6)] |= 1UL << next;
                    asciiPairsContinue |= next < 0x80;
                }
            }
        }
        for (var i = 0; i < _plainTwoBytes.Length; i++)
        {
            unit[0] = (byte)(0xC2 + i / 64);
            unit[1] = (byte)(0x80 + i % 64);
            _plainTwoBytes[i] = IsPlainBeforeAscii(unit[..2]);
        }
        unit[0] = 0xE2;
        for (var i = 0; i < _plainE2.Length; i++)
        {
            unit[1] = (byte)(0x80 + i / 64);
            unit[2] = (byte)(0x80 + i % 64);
            _plainE2[i] = IsPlainBeforeAscii(unit);
        }
        _asciiPairsContinue = asciiPairsContinue;
    }

    private bool IsPlainBeforeAscii(ReadOnlySpan<byte> character)
    {
        if (_startsUserDefined[character[0]])
        {
            return false;
        }
        if (_charsMap is null)
        {
            return true;
        }
        if (!_charsMap.LeavesAsIs(character))
        {
            return false;
        }
        for (var next = 0; next < 128; next++)
        {
            if (_charsMap.Continues(character, (byte)next))
            {
                return false;
            }
        }
        return true;
    }

    public void Normalize(ReadOnlySpan<byte> input, ref NormalizedText output)
    {
        var consumed = 0;
        Span<byte> one = stackalloc byte[1];
        if (_removeExtraWhitespaces)
        {
            while (consumed < input.Length)
            {
                var length = NormalizePrefix(input[consumed..], one, out var piece);
                if (!(piece.Length == 1 && piece[0] == (byte)' '))
                {
                    break;
                }
                consumed += length;
            }
        }
        if (consumed == input.Length)
        {
            output.Finish(consumed);
            return;
        }
        if (_addDummyPrefix && !_whitespaceAsSuffix)
        {
            AddSpace(ref output, consumed);
        }
        var previousIsSpace = _removeExtraWhitespaces;
        while (consumed < input.Length)
        {
            // Plain ASCII (no rule on the byte and the next one, no user-defined symbol starting there) in one tight
            // loop: a byte is itself, a space one "▁" unless it follows one; the same as the general path below.
            if (IsPlain(input, consumed))
            {
                var destination = output.Reserve(3 * (input.Length - consumed));
                var written = output.TracksOrigins
                    ? CopyPlain<Tracked>(input, ref consumed, destination, ref previousIsSpace, ref output)
                    : CopyPlain<Untracked>(input, ref consumed, destination, ref previousIsSpace, ref output);
                output.Commit(written);
                continue;
            }
            var length = NormalizePrefix(input[consumed..], one, out var piece);
            if (previousIsSpace)
            {
                piece = piece.TrimStart((byte)' ');
            }
            if (!piece.IsEmpty)
            {
                foreach (var b in piece)
                {
                    if (b == (byte)' ' && _escapeWhitespaces)
                    {
                        output.Append(SpaceSymbol, consumed);
                    }
                    else
                    {
                        output.Append(b, consumed);
                    }
                }
                previousIsSpace = piece[^1] == (byte)' ';
            }
            consumed += length;
            if (!_removeExtraWhitespaces)
            {
                previousIsSpace = false;
            }
        }
        if (_removeExtraWhitespaces)
        {
            var space = _escapeWhitespaces ? SpaceSymbol : " "u8;
            while (output.Bytes.EndsWith(space))
            {
                consumed = output.TrimEnd(space.Length);
            }
        }
        if (_addDummyPrefix && _whitespaceAsSuffix)
        {
            AddSpace(ref output, consumed);
        }
        output.Finish(consumed);
    }

    // The plain units from consumed on, normalized into destination (room for three bytes each input byte); returns
    // how many bytes were written. The loop reads and writes without bounds checks: a unit is taken only when IsPlain
    // (or the same test inlined for ASCII) passes it, so its bytes are inside the input, and at most three bytes are
    // written for each byte read.
    private int CopyPlain<TOrigins>(ReadOnlySpan<byte> input, ref int consumed, Span<byte> destination, ref bool previousIsSpace, ref NormalizedText output)
        where TOrigins : struct, IOrigins
    {
        ref var source = ref MemoryMarshal.GetReference(input);
        ref var target = ref MemoryMarshal.GetReference(destination);
        ref var plainAscii = ref MemoryMarshal.GetArrayDataReference(_plainAscii);
        var length = input.Length;
        var collapse = _removeExtraWhitespaces;
        var escape = _escapeWhitespaces;
        var asciiPairsContinue = _asciiPairsContinue;
        var afterSpace = previousIsSpace;
        var written = 0;
        var i = consumed;
        while (true)
        {
            var b = Unsafe.Add(ref source, i);
            var unitStart = i;
            var unitWritten = written;
            if (b >= 0x80)
            {
                Unsafe.Add(ref target, written) = b;
                Unsafe.Add(ref target, written + 1) = Unsafe.Add(ref source, i + 1);
                if (b < 0xE0)
                {
                    written += 2;
                    i += 2;
                }
                else
                {
                    Unsafe.Add(ref target, written + 2) = Unsafe.Add(ref source, i + 2);
                    written += 3;
                    i += 3;
                }
                afterSpace = false;
            }
            else if (b != (byte)' ')
            {
                Unsafe.Add(ref target, written++) = b;
                afterSpace = false;
                i++;
            }
            else
            {
                if (!afterSpace)
                {
                    if (escape)
                    {
                        Unsafe.Add(ref target, written) = 0xE2;
                        Unsafe.Add(ref target, written + 1) = 0x96;
                        Unsafe.Add(ref target, written + 2) = 0x81;
                        written += 3;
                    }
                    else
                    {
                        Unsafe.Add(ref target, written++) = b;
                    }
                }
                afterSpace = collapse;
                i++;
            }
            if (TOrigins.On)
            {
                output.SetOrigins(unitWritten, written - unitWritten, unitStart);
            }
            if (i >= length)
            {
                break;
            }
            // Is the next unit plain? For ASCII, the next byte matters only when a rule may continue with it: when
            // no rule continues an ASCII byte with another (every model here), only a non-ASCII next byte is looked up.
            b = Unsafe.Add(ref source, i);
            if (b < 0x80)
            {
                if (!Unsafe.Add(ref plainAscii, b))
                {
                    break;
                }
                if (i + 1 < length)
                {
                    var next = Unsafe.Add(ref source, i + 1);
                    if ((asciiPairsContinue || next >= 0x80) && ContinuesAscii(b, next))
                    {
                        break;
                    }
                }
            }
            else if (!IsPlain(input, i))
            {
                break;
            }
        }
        consumed = i;
        previousIsSpace = afterSpace;
        return written;
    }

    // Whether CopyPlain records origins: a type argument, so that the loop without them has no trace of them.
    private interface IOrigins
    {
        static abstract bool On { get; }
    }

    private readonly struct Tracked : IOrigins
    {
        public static bool On => true;
    }

    private readonly struct Untracked : IOrigins
    {
        public static bool On => false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool ContinuesAscii(byte b, byte next) =>
        (Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_asciiContinues), b * 4 + (next >> 6)) >> next & 1) != 0;

    // Whether the unit at `at` is plain (see the fields); the input is well-formed UTF-8.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsPlain(ReadOnlySpan<byte> input, int at)
    {
        ref var source = ref MemoryMarshal.GetReference(input);
        var length = input.Length;
        var b = Unsafe.Add(ref source, at);
        if (b < 0x80)
        {
            return Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_plainAscii), b)
                && (at + 1 == length || !ContinuesAscii(b, Unsafe.Add(ref source, at + 1)));
        }
        if (b is >= 0xC2 and < 0xE0)
        {
            return at + 1 < length
                && _plainTwoBytes[(b - 0xC2) * 64 + (Unsafe.Add(ref source, at + 1) & 0x3F)]
                && (at + 2 == length || Unsafe.Add(ref source, at + 2) < 0x80);
        }
        return b == 0xE2 && at + 2 < length
            && _plainE2[(Unsafe.Add(ref source, at + 1) & 0x3F) * 64 + (Unsafe.Add(ref source, at + 2) & 0x3F)]
            && (at + 3 == length || Unsafe.Add(ref source, at + 3) < 0x80);
    }

    private void AddSpace(ref NormalizedText output, int origin)
    {
        if (_escapeWhitespaces)
        {
            output.Append(SpaceSymbol, origin);
        }
        else
        {
            output.Append((byte)' ', origin);
        }
    }

    // NormalizePrefix: how many input bytes the next unit takes, and what it becomes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int NormalizePrefix(ReadOnlySpan<byte> input, Span<byte> one, out ReadOnlySpan<byte> piece)
    {
        var first = input[0];
        if (_userDefined is not null && _startsUserDefined[first])
        {
            var matched = _userDefined.LongestPrefix(input, out _);
            if (matched > 0)
            {
                piece = input[..matched];
                return matched;
            }
        }
        if (_charsMap is not null && _charsMap.MayMatch(first))
        {
            var matched = _charsMap.Match(input, out piece);
            if (matched > 0)
            {
                return matched;
            }
        }
        if (first < 0x80)
        {
            piece = input[..1];
            return 1;
        }
        // The input is well-formed UTF-8 (made from UTF-16, lone surrogates as U+FFFD): one whole character.
        var width = first < 0xE0 ? 2 : first < 0xF0 ? 3 : 4;
        width = Math.Min(width, input.Length);
        piece = input[..width];
        return width;
    }
}

/// <summary>
/// The normalized UTF-8 text, in a caller's stack buffer that moves to a pooled array when it outgrows it, and,
/// when origins are tracked, the source byte offset of each normalized byte (sentencepiece's norm_to_orig).
/// </summary>
internal ref struct NormalizedText
{
    private Span<byte> _bytes;
    private Span<int> _origins;
    private byte[]? _rentedBytes;
    private int[]? _rentedOrigins;
    private readonly bool _trackOrigins;

    public NormalizedText(Span<byte> initial, Span<int> initialOrigins, bool trackOrigins)
    {
        _bytes = initial;
        _origins = trackOrigins ? initialOrigins : default;
        _trackOrigins = trackOrigins;
    }

    public int Length { get; private set; }

    /// <summary>Source offset after the last normalized byte (norm_to_orig's final entry).</summary>
    public int End { get; private set; }

    public readonly ReadOnlySpan<byte> Bytes => _bytes[..Length];

    public readonly bool TracksOrigins => _trackOrigins;

    /// <summary>The source byte offset of each normalized byte (empty when not tracked); <see cref="End"/> after the last.</summary>
    public readonly ReadOnlySpan<int> Origins => _trackOrigins ? _origins[..Length] : default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(byte b, int origin)
    {
        if (Length >= _bytes.Length)
        {
            Grow(Length + 1);
        }
        _bytes[Length] = b;
        if (_trackOrigins)
        {
            _origins[Length] = origin;
        }
        Length++;
    }

    public void Append(ReadOnlySpan<byte> bytes, int origin)
    {
        if (Length + bytes.Length > _bytes.Length)
        {
            Grow(Length + bytes.Length);
        }
        bytes.CopyTo(_bytes[Length..]);
        if (_trackOrigins)
        {
            _origins.Slice(Length, bytes.Length).Fill(origin);
        }
        Length += bytes.Length;
    }

    /// <summary>Room for at least <paramref name="count"/> bytes after the text, written then kept with <see cref="Commit"/>.</summary>
    public Span<byte> Reserve(int count)
    {
        if (Length + count > _bytes.Length)
        {
            Grow(Length + count);
        }
        return _bytes[Length..];
    }

    /// <summary>Records the origin of reserved bytes (relative to the end of the text) when origins are tracked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void SetOrigins(int offset, int count, int origin)
    {
        if (_trackOrigins)
        {
            _origins.Slice(Length + offset, count).Fill(origin);
        }
    }

    public void Commit(int count) => Length += count;

    // Removes the last count bytes; returns the origin of the first removed one.
    public int TrimEnd(int count)
    {
        Length -= count;
        return _trackOrigins ? _origins[Length] : 0;
    }

    public void Finish(int end) => End = end;

    private void Grow(int minimum)
    {
        var size = Math.Max(minimum, _bytes.Length * 2);
        var bytes = ArrayPool<byte>.Shared.Rent(size);
        _bytes[..Length].CopyTo(bytes);
        if (_rentedBytes is not null)
        {
            ArrayPool<byte>.Shared.Return(_rentedBytes);
        }
        _rentedBytes = bytes;
        _bytes = bytes;
        if (_trackOrigins)
        {
            var origins = ArrayPool<int>.Shared.Rent(size);
            _origins[..Length].CopyTo(origins);
            if (_rentedOrigins is not null)
            {
                ArrayPool<int>.Shared.Return(_rentedOrigins);
            }
            _rentedOrigins = origins;
            _origins = origins;
        }
    }

    public void Dispose()
    {
        if (_rentedBytes is not null)
        {
            ArrayPool<byte>.Shared.Return(_rentedBytes);
            _rentedBytes = null;
        }
        if (_rentedOrigins is not null)
        {
            ArrayPool<int>.Shared.Return(_rentedOrigins);
            _rentedOrigins = null;
        }
    }
}
