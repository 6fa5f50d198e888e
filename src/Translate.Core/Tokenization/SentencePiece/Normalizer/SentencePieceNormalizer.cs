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
    private readonly bool[] _plain = new bool[128]; // ASCII bytes no rule (before an ASCII byte) and no user-defined symbol starts with

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
        for (var b = 0; b < 128; b++)
        {
            _plain[b] = !_startsUserDefined[b] && (_charsMap is null || _charsMap.IsIdentityBeforeAscii((byte)b));
        }
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
                var written = CopyPlain(input, ref consumed, destination, ref previousIsSpace, ref output);
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

    // The plain bytes from consumed on, normalized into destination (room for three bytes each); returns how many
    // bytes were written. The loop reads and writes without bounds checks: i stays below input.Length, and at most
    // three bytes are written for each byte read.
    private int CopyPlain(ReadOnlySpan<byte> input, ref int consumed, Span<byte> destination, ref bool previousIsSpace, ref NormalizedText output)
    {
        ref var source = ref MemoryMarshal.GetReference(input);
        ref var target = ref MemoryMarshal.GetReference(destination);
        ref var plain = ref MemoryMarshal.GetArrayDataReference(_plain);
        var length = input.Length;
        var tracking = output.TracksOrigins;
        var collapse = _removeExtraWhitespaces;
        var escape = _escapeWhitespaces;
        var afterSpace = previousIsSpace;
        var written = 0;
        var i = consumed;
        do
        {
            var b = Unsafe.Add(ref source, i);
            if (b != (byte)' ')
            {
                if (tracking)
                {
                    output.SetOrigins(written, 1, i);
                }
                Unsafe.Add(ref target, written++) = b;
                afterSpace = false;
            }
            else
            {
                if (!afterSpace)
                {
                    if (escape)
                    {
                        if (tracking)
                        {
                            output.SetOrigins(written, 3, i);
                        }
                        Unsafe.Add(ref target, written) = 0xE2;
                        Unsafe.Add(ref target, written + 1) = 0x96;
                        Unsafe.Add(ref target, written + 2) = 0x81;
                        written += 3;
                    }
                    else
                    {
                        if (tracking)
                        {
                            output.SetOrigins(written, 1, i);
                        }
                        Unsafe.Add(ref target, written++) = b;
                    }
                }
                afterSpace = collapse;
            }
            i++;
            if (i == length)
            {
                break;
            }
            b = Unsafe.Add(ref source, i);
            // The next byte is plain when it is ASCII without a rule, and so is the one after it (or there is none).
            if (b >= 0x80 || !Unsafe.Add(ref plain, b) || (i + 1 < length && Unsafe.Add(ref source, i + 1) >= 0x80))
            {
                break;
            }
        }
        while (true);
        consumed = i;
        previousIsSpace = afterSpace;
        return written;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsPlain(ReadOnlySpan<byte> input, int at)
    {
        var b = input[at];
        return b < 0x80 && _plain[b] && (at + 1 == input.Length || input[at + 1] < 0x80);
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
