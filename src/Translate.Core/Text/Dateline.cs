using System.Text.RegularExpressions;

namespace Translate.Core.Text;

/// <summary>
/// The wire-service dateline that opens many news articles: "(CNN)", "New Delhi, India (CNN)",
/// "WASHINGTON (AP) —", "(The Hollywood Reporter)". It names the source, not the news, so a summary leaves it out.
/// </summary>
public static partial class Dateline
{
    // An optional place (capitalised words, commas), the source in brackets, then either the sentence glued on
    // ("(CNN)They") or a dash. A bracket followed by a plain space ("Apple (AAPL) shares") is ordinary prose.
    [GeneratedRegex(@"\A(?:\p{Lu}[\p{L}.'’-]*(?:,?\s\p{Lu}[\p{L}.'’-]*){0,4},?\s)?\(\p{Lu}[\p{L}.&'’ ]{0,40}\)(?:(?=[\p{Lu}\p{N}""“‘'])|\s*(?:--|—|–|-)\s*)", RegexOptions.None, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex Pattern();

    /// <summary>The length of the dateline that opens <paramref name="sentence"/>, or 0 when it has none.</summary>
    public static int Length(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var match = Pattern().Match(sentence);
        // A "sentence" that is nothing but a dateline keeps it: there would be nothing left to summarize.
        return match.Success && match.Length < sentence.Length ? match.Length : 0;
    }
}
