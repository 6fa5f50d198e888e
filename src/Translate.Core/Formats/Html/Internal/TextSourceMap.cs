namespace Translate.Core.Formats.Html.Internal;

/// <summary>
/// The repairable text and, for each of its UTF-16 characters, the source range [start, end) it stands for: one
/// character, an entity (all the characters an entity decodes to share its range), CR LF, or a run of white space.
/// Paragraph separators and text that could not be located have -1.
/// </summary>
internal sealed class TextSourceMap(string text, int[] starts, int[] ends)
{
    public string Text { get; } = text;

    /// <summary>
    /// Where a span of the text lies in the source. Exact when the span is whole source units with nothing between
    /// them (one text node, no markup, no entity cut in two); otherwise the source range that covers it, not exact.
    /// An empty span (an insertion) goes to the end of the text before it; at the start of a paragraph, or after
    /// text that could not be located, to the start of the text after it.
    /// </summary>
    public (bool Exact, int Start, int End) Locate(int start, int end)
    {
        if (end == start)
        {
            return LocateInsertion(start);
        }
        var exact = starts[start] >= 0
            && (start == 0 || starts[start - 1] != starts[start])
            && (end == Text.Length || starts[end] < 0 || starts[end] != starts[end - 1]);
        int first = -1, last = -1;
        for (var k = start; k < end; k++)
        {
            if (starts[k] < 0)
            {
                exact = false;
                continue;
            }
            if (first < 0 || starts[k] < first)
            {
                first = starts[k];
            }
            last = Math.Max(last, ends[k]);
            if (k > start && starts[k] != starts[k - 1] && ends[k - 1] != starts[k])
            {
                exact = false;
            }
        }
        if (first < 0)
        {
            var (_, at, _) = LocateInsertion(start);
            return (false, at, at);
        }
        return (exact, first, last);
    }

    private (bool Exact, int Start, int End) LocateInsertion(int position)
    {
        var before = position > 0 ? starts[position - 1] : -1;
        var after = position < Text.Length ? starts[position] : -1;
        if (before >= 0 && before == after)
        {
            return (false, starts[position], ends[position]); // inside an entity
        }
        if (before >= 0)
        {
            return (true, ends[position - 1], ends[position - 1]);
        }
        if (after >= 0)
        {
            return (true, after, after);
        }
        // Between paragraphs or in unlocated text: the nearest located text, not exact.
        for (var k = position - 1; k >= 0; k--)
        {
            if (ends[k] >= 0)
            {
                return (false, ends[k], ends[k]);
            }
        }
        for (var k = position; k < Text.Length; k++)
        {
            if (starts[k] >= 0)
            {
                return (false, starts[k], starts[k]);
            }
        }
        return (false, 0, 0);
    }
}
