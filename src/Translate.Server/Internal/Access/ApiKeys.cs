using System.Security.Cryptography;
using System.Text;

namespace Translate.Server.Internal.Access;

/// <summary>
/// The API keys callers may present. Only their SHA-256 hashes are kept, and a presented key is compared with
/// every one in constant time, so neither the time taken nor an early exit tells an attacker how close a guess was.
/// </summary>
internal sealed class ApiKeys
{
    private readonly byte[][] _hashes;

    public ApiKeys(IEnumerable<string> keys) => _hashes = [.. keys.Distinct(StringComparer.Ordinal).Select(Hash)];

    /// <summary>Whether callers must present a key at all.</summary>
    public bool Required => _hashes.Length > 0;

    public bool Accepts(ReadOnlySpan<char> presented)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var length = Encoding.UTF8.GetMaxByteCount(presented.Length);
        // Keys are short; a long header still hashes, from the heap.
        Span<byte> bytes = length <= 256 ? stackalloc byte[length] : new byte[length];
        SHA256.HashData(bytes[..Encoding.UTF8.GetBytes(presented, bytes)], hash);
        var accepted = false;
        foreach (var known in _hashes)
        {
            // Non-short-circuiting: every key is compared whichever matches.
            accepted |= CryptographicOperations.FixedTimeEquals(hash, known);
        }
        return accepted;
    }

    /// <summary>The keys the validated settings name.</summary>
    public static ApiKeys From(ServerOptions options) => new(ApiKeySources.Read(options, out _));

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
