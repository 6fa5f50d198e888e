namespace Translate.Core.Text;

/// <summary>Recognises URLs, domain names and e-mail addresses, which cleanup steps must leave alone.</summary>
public static class WebAddress
{
    /// <summary>Whether the white-space-delimited token around <paramref name="position"/> is a URL or e-mail address.</summary>
    public static bool Contains(string text, int position)
    {
        var start = position;
        while (start > 0 && !char.IsWhiteSpace(text[start - 1]))
        {
            start--;
        }
        var end = position;
        while (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }
        var token = text.AsSpan(start, end - start);
        return token.Contains("://", StringComparison.Ordinal)
            || token.StartsWith("www.", StringComparison.OrdinalIgnoreCase)
            || (token.Contains('@') && token.Contains('.'))
            || EndsWithDomain(token);
    }

    // "example.com", "lemonde.fr/international": a lower-case name, a dot and a lower-case top-level domain.
    private static bool EndsWithDomain(ReadOnlySpan<char> token)
    {
        foreach (var tld in (ReadOnlySpan<string>)[".com", ".org", ".net", ".gov", ".edu", ".fr", ".uk", ".de", ".io", ".info"])
        {
            var index = token.IndexOf(tld, StringComparison.Ordinal);
            if (index > 0 && (index + tld.Length == token.Length || !char.IsLetter(token[index + tld.Length])))
            {
                return true;
            }
        }
        return false;
    }
}
