namespace Translate.Core.Text;

/// <summary>Counts words as a reader would: runs of non-space characters holding a letter or a digit.</summary>
public static class WordCounter
{
    public static int Count(string text) => Count(text.AsSpan());

    public static int Count(ReadOnlySpan<char> text)
    {
        var count = 0;
        var inWord = false;
        var hasLetter = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (inWord && hasLetter)
                {
                    count++;
                }
                inWord = hasLetter = false;
                continue;
            }
            inWord = true;
            hasLetter |= char.IsLetterOrDigit(c);
        }
        return inWord && hasLetter ? count + 1 : count;
    }

    /// <summary>The first <paramref name="maxWords"/> words of a text, followed by "…" when words were cut.</summary>
    public static string Truncate(string text, int maxWords)
    {
        var words = 0;
        var inWord = false;
        var hasLetter = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                if (inWord && hasLetter && ++words == maxWords)
                {
                    if (text.AsSpan(i).IsWhiteSpace())
                    {
                        return text; // only white space follows: nothing is cut
                    }
                    return string.Concat(text.AsSpan(0, i).TrimEnd(",;:"), "…");
                }
                inWord = hasLetter = false;
            }
            else
            {
                inWord = true;
                hasLetter |= char.IsLetterOrDigit(text[i]);
            }
        }
        return text;
    }
}
