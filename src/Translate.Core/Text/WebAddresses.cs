namespace Translate.Core.Text;

/// <summary>
/// The URLs, domain names and e-mail addresses of a text, which cleanup steps must leave alone: found in one pass
/// over its white-space-delimited tokens, then asked by position in logarithmic time, so that asking for every
/// match of a step costs no more than the text's length (asking token by token was quadratic on a text with no
/// white space).
/// </summary>
public sealed class WebAddresses
{
    private readonly List<TextSpan> _addresses = [];

    private WebAddresses(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            while (start < text.Length && char.IsWhiteSpace(text[start]))
            {
                start++;
            }
            var end = start;
            while (end < text.Length && !char.IsWhiteSpace(text[end]))
            {
                end++;
            }
            if (end > start && IsAddress(text.AsSpan(start, end - start)))
            {
                _addresses.Add(new TextSpan(start, end - start));
            }
            start = end;
        }
    }

    /// <summary>The addresses of <paramref name="text"/>.</summary>
    public static WebAddresses In(string text) => new(text);

    /// <summary>
    /// Whether the white-space-delimited token around <paramref name="position"/> is a URL or e-mail address; a
    /// position on the white space right after a token belongs to that token.
    /// </summary>
    public bool Contains(int position)
    {
        int low = 0, high = _addresses.Count - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var address = _addresses[middle];
            if (position < address.Start)
            {
                high = middle - 1;
            }
            else if (position > address.End)
            {
                low = middle + 1;
            }
            else
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsAddress(ReadOnlySpan<char> token) =>
        token.Contains("://", StringComparison.Ordinal)
        || token.StartsWith("www.", StringComparison.OrdinalIgnoreCase)
        || (token.Contains('@') && token.Contains('.'))
        || EndsWithDomain(token);

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
