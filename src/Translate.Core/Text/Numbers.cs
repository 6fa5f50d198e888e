using System.Text.RegularExpressions;

namespace Translate.Core.Text;

/// <summary>
/// Numbers as the guards and the translators see them: digits with the separators inside one number ("2019",
/// "3,5", "10:15", "1.5", "26/11/2019"), not spaces. One definition, so that what a translator must pass through
/// and what an edit must keep are the same numbers.
/// </summary>
public static partial class Numbers
{
    /// <summary>Where the numbers of <paramref name="text"/> are.</summary>
    public static List<TextSpan> In(string text)
    {
        var spans = new List<TextSpan>();
        foreach (var match in Pattern().EnumerateMatches(text))
        {
            spans.Add(new TextSpan(match.Index, match.Length));
        }
        return spans;
    }

    /// <summary>The first number of <paramref name="original"/> that <paramref name="rewritten"/> does not contain, or null.</summary>
    public static string? FirstMissing(string original, string rewritten)
    {
        foreach (var match in Pattern().EnumerateMatches(original))
        {
            var number = original.AsSpan(match.Index, match.Length);
            if (!rewritten.AsSpan().Contains(number, StringComparison.Ordinal))
            {
                return number.ToString();
            }
        }
        return null;
    }

    [GeneratedRegex("\\p{Nd}+(?:[.,:/]\\p{Nd}+)*", RegexOptions.NonBacktracking)]
    private static partial Regex Pattern();
}
