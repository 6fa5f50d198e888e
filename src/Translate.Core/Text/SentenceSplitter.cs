using System.Collections.Frozen;

namespace Translate.Core.Text;

/// <summary>
/// Splits news text into paragraphs and sentences with exact UTF-16 offsets. Every line is a paragraph
/// (news archives keep one paragraph a line, and titles, captions and datelines carry no full stop), except a
/// line that starts in lower case after a line without final punctuation, which continues a hard-wrapped one.
/// Inside a paragraph a sentence ends at . ! ? or … (with any closing quotes and brackets after it) followed by
/// white space and a capital, a digit or an opening quote; titles before names, initials and dotted acronyms
/// do not end a sentence unless the next word is one that typically opens one.
/// </summary>
public sealed class SentenceSplitter
{
    public static SentenceSplitter Default { get; } = new();

    // Titles that precede a name: "Dr. Venter", "M. Macron". Never followed by the end of a sentence in news.
    private static readonly FrozenSet<string> TitlesBeforeNames = FrozenSet.ToFrozenSet(
        ["Mr", "Mrs", "Ms", "Dr", "Prof", "Sr", "Jr", "St", "Mt", "Gen", "Col", "Lt", "Sgt", "Capt", "Cmdr", "Adm",
         "Gov", "Sen", "Rep", "Rev", "Hon", "Pres", "Supt", "Insp", "Messrs", "Mme", "Mlle", "Mgr", "Fr", "vs", "Vs",
         "approx", "cf", "Nos", "Fig", "Art", "Ch", "Vol", "pp", "Ave", "Blvd"],
        StringComparer.Ordinal);

    // Abbreviations that may end a sentence ("the U.S. The", "at 5 p.m. Police"): a boundary only before an
    // opener word.
    private static readonly FrozenSet<string> AmbiguousAbbreviations = FrozenSet.ToFrozenSet(
        ["No", "Inc", "Ltd", "Corp", "Co", "Bros", "etc", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
         "Sept", "Oct", "Nov", "Dec", "am", "pm", "Gov", "approx"],
        StringComparer.Ordinal);

    // Closed-class words that open sentences; after an ambiguous abbreviation they make the boundary likely.
    private static readonly FrozenSet<string> SentenceOpeners = FrozenSet.ToFrozenSet(
        ["The", "A", "An", "It", "Its", "He", "She", "They", "We", "I", "You", "This", "That", "These", "Those",
         "There", "But", "And", "In", "On", "At", "As", "If", "When", "While", "After", "Before", "Since", "His",
         "Her", "Their", "Our", "Some", "Many", "Most", "No", "Not", "Yet", "So", "For", "Meanwhile", "However",
         "According", "Police", "Officials"],
        StringComparer.Ordinal);

    /// <summary>Splits a text into sentences, in order, each with its paragraph index.</summary>
    public IReadOnlyList<Sentence> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = new List<Sentence>();
        var paragraph = -1;
        var previousLineEndsOpen = false;
        var lineStart = 0;
        var paragraphStart = -1;
        var paragraphEnd = -1;

        while (lineStart <= text.Length)
        {
            var lineEnd = IndexOfLineBreak(text, lineStart);
            var line = TrimSpan(text, lineStart, lineEnd);
            if (line.Length > 0)
            {
                var first = text[line.Start];
                var continues = paragraphStart >= 0 && previousLineEndsOpen && char.IsLower(first);
                if (!continues)
                {
                    if (paragraphStart >= 0)
                    {
                        SplitParagraph(text, new TextSpan(paragraphStart, paragraphEnd - paragraphStart), paragraph, sentences);
                    }
                    paragraph++;
                    paragraphStart = line.Start;
                }
                paragraphEnd = line.End;
                previousLineEndsOpen = !IsTerminal(text[line.End - 1]);
            }
            else if (paragraphStart >= 0)
            {
                // A blank line always closes the paragraph.
                SplitParagraph(text, new TextSpan(paragraphStart, paragraphEnd - paragraphStart), paragraph, sentences);
                paragraphStart = -1;
            }

            if (lineEnd >= text.Length)
            {
                break;
            }
            lineStart = lineEnd + (text[lineEnd] == '\r' && lineEnd + 1 < text.Length && text[lineEnd + 1] == '\n' ? 2 : 1);
        }
        if (paragraphStart >= 0)
        {
            SplitParagraph(text, new TextSpan(paragraphStart, paragraphEnd - paragraphStart), paragraph, sentences);
        }
        return sentences;
    }

    private static void SplitParagraph(string text, TextSpan paragraphSpan, int paragraph, List<Sentence> sentences)
    {
        var start = paragraphSpan.Start;
        var end = paragraphSpan.End;
        var i = start;
        while (i < end)
        {
            var c = text[i];
            if (!IsTerminator(c))
            {
                i++;
                continue;
            }
            var terminator = i;
            var j = i + 1;
            while (j < end && (IsTerminator(text[j]) || IsClosing(text[j])))
            {
                j++;
            }
            if (j < end && IsSentenceBoundary(text, terminator, j, end, start))
            {
                AddSentence(text, start, j, paragraph, sentences);
                start = SkipWhite(text, j, end);
            }
            i = j;
        }
        AddSentence(text, start, end, paragraph, sentences);
    }

    /// <summary>Decides whether the text after a terminator run (ending before <paramref name="after"/>) starts a new sentence.</summary>
    private static bool IsSentenceBoundary(string text, int terminator, int after, int end, int sentenceStart)
    {
        if (!char.IsWhiteSpace(text[after]))
        {
            return false;
        }
        var next = SkipWhite(text, after, end);
        if (next >= end)
        {
            return false;
        }
        var n = text[next];
        var opensSentence = char.IsUpper(n) || char.IsDigit(n) || IsOpening(n)
            || (char.IsLetter(n) && !char.IsLower(n)); // scripts without case (CJK, Arabic)
        if (!opensSentence)
        {
            return false;
        }
        if (text[terminator] != '.' || (terminator + 1 < text.Length && text[terminator + 1] == '.'))
        {
            return true; // ! ? … and "..." always end a sentence before a capital.
        }

        var word = WordBefore(text, terminator, sentenceStart);
        if (word.Length == 0)
        {
            return true;
        }
        var wordText = word.ToString();
        if (TitlesBeforeNames.Contains(wordText))
        {
            return false;
        }
        var isInitial = word.Length == 1 && char.IsUpper(word[0]);
        var isDottedAcronym = word.Contains('.');
        if (isInitial || isDottedAcronym || AmbiguousAbbreviations.Contains(wordText))
        {
            return SentenceOpeners.Contains(NextWord(text, next, end));
        }
        return true;
    }

    private static ReadOnlySpan<char> WordBefore(string text, int terminator, int sentenceStart)
    {
        var k = terminator;
        // Letters and inner dots: "U.S" before the final dot of "U.S.".
        while (k > sentenceStart && (char.IsLetter(text[k - 1]) || (text[k - 1] == '.' && k - 1 > sentenceStart && char.IsLetter(text[k - 2]))))
        {
            k--;
        }
        return text.AsSpan(k, terminator - k);
    }

    private static string NextWord(string text, int start, int end)
    {
        var k = start;
        while (k < end && char.IsLetter(text[k]))
        {
            k++;
        }
        return text.Substring(start, k - start);
    }

    private static void AddSentence(string text, int start, int end, int paragraph, List<Sentence> sentences)
    {
        var span = TrimSpan(text, start, end);
        if (span.Length > 0)
        {
            sentences.Add(new Sentence(span, paragraph));
        }
    }

    private static TextSpan TrimSpan(string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }
        return new TextSpan(start, end - start);
    }

    private static int SkipWhite(string text, int i, int end)
    {
        while (i < end && char.IsWhiteSpace(text[i]))
        {
            i++;
        }
        return i;
    }

    private static int IndexOfLineBreak(string text, int start)
    {
        var index = text.AsSpan(start).IndexOfAny("\r\n\u2028\u2029");
        return index < 0 ? text.Length : start + index;
    }

    private static bool IsTerminator(char c) => c is '.' or '!' or '?' or '…' or '。' or '！' or '？';

    private static bool IsTerminal(char c) => IsTerminator(c) || (IsClosing(c) && c is not ')' and not ']');

    private static bool IsClosing(char c) => c is '"' or '\'' or '”' or '’' or '»' or ')' or ']' or '}' or '›';

    private static bool IsOpening(char c) => c is '"' or '\'' or '“' or '‘' or '«' or '(' or '[' or '‹';
}
