using System.Security.Cryptography;
using System.Text;

namespace Translate.Cli.Archive.Report;

/// <summary>
/// File names for document pages: a readable ASCII stem of the id and a hash of the whole id, so that ids with
/// '/', '..', unicode or thousands of characters make safe, short, distinct names; a repeated id gets "-2", "-3".
/// </summary>
internal sealed class PageNames
{
    private const int MaxStem = 40;

    // Case-insensitive: two names that differ only by case are one file on macOS and Windows.
    private readonly HashSet<string> _used = new(StringComparer.OrdinalIgnoreCase);

    public string For(string id)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..12];
        var stem = Stem(id);
        var name = stem.Length == 0 ? hash : $"{stem}-{hash}";
        var candidate = name;
        for (var n = 2; !_used.Add(candidate); n++)
        {
            candidate = $"{name}-{n}";
        }
        return candidate + ".html";
    }

    private static string Stem(string id)
    {
        var stem = new StringBuilder(MaxStem);
        foreach (var c in id)
        {
            if (stem.Length == MaxStem)
            {
                break;
            }
            var safe = char.IsAsciiLetterOrDigit(c) || c is '_' or '.' ? c : '-';
            if (safe == '-' && (stem.Length == 0 || stem[^1] == '-'))
            {
                continue;
            }
            stem.Append(safe);
        }
        // No leading dots (hidden files, "..") and no trailing separators.
        return stem.ToString().TrimStart('.', '-').TrimEnd('.', '-');
    }
}
