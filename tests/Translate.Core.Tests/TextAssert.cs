using System.Text.RegularExpressions;

namespace Translate.Core.Tests;

/// <summary>Measures text independently of the code under test.</summary>
internal static partial class TextAssert
{
    /// <summary>Words as a reader counts them: white-space-separated tokens holding a letter or a digit.</summary>
    public static int Words(string text) => WordPattern().Count(text);

    /// <summary>A substring addressed in Unicode code points, the contract's unit.</summary>
    public static string SubstringByCodePoints(string text, int start, int length) =>
        string.Concat(text.EnumerateRunes().Skip(start).Take(length).Select(rune => rune.ToString()));

    [GeneratedRegex(@"[^\s]*[\p{L}\p{N}][^\s]*")]
    private static partial Regex WordPattern();
}
