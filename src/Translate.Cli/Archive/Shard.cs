using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Translate.Cli.Archive;

/// <summary>
/// One part of an archive split across runs (<c>--shard i/N</c>): the documents whose id hashes to <see cref="Index"/>
/// modulo <see cref="Count"/>. The hash is the first 8 bytes of SHA-256 of the id's UTF-8, big-endian, so every
/// machine and every .NET version puts a document in the same shard (string.GetHashCode is randomized per process).
/// </summary>
internal readonly record struct Shard(int Index, int Count)
{
    public static Shard All { get; } = new(0, 1);

    /// <summary>Parses <c>i/N</c> (0 ≤ i &lt; N); null with the reason when the text is not one.</summary>
    public static Shard? TryParse(string text, out string? error)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var index) || !int.TryParse(parts[1], out var count))
        {
            error = $"'{text}' is not a valid --shard: it takes i/N, the shard i (from 0) of N, such as 0/4.";
            return null;
        }
        if (count < 1)
        {
            error = $"'{text}' is not a valid --shard: N (the number of shards) must be 1 or more.";
            return null;
        }
        if (index < 0 || index >= count)
        {
            error = $"'{text}' is not a valid --shard: i must be from 0 to {count - 1} for {count} shards.";
            return null;
        }
        error = null;
        return new Shard(index, count);
    }

    public bool Contains(string id) => Count == 1 || (int)(StableHash(id) % (ulong)Count) == Index;

    public override string ToString() => $"{Index}/{Count}";

    internal static ulong StableHash(string id)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetBytes(id);
        SHA256.HashData(bytes, hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }
}
