using System.Text;
using Translate.Core.Cleanup;
using Translate.Core.Processing;

namespace Translate.Core.Tests.Formats.Html;

/// <summary>Hand-made results and an independent replay, for checking a page's repair without the pipeline.</summary>
internal static class HtmlPage
{
    /// <summary>A result with one edit of <paramref name="text"/>: the first occurrence of <paramref name="original"/> after <paramref name="after"/>.</summary>
    public static DocumentResult ResultWith(string text, string original, string replacement, string after = "", EditDisposition disposition = EditDisposition.Applied) =>
        new("test", text, [EditOf(text, original, replacement, after, disposition)], [], null);

    public static ReportedEdit EditOf(string text, string original, string replacement, string after = "", EditDisposition disposition = EditDisposition.Applied)
    {
        var from = text.IndexOf(after, StringComparison.Ordinal) + after.Length;
        var index = text.IndexOf(original, from, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{original}' is not in the text after '{after}': {text}");
        var start = CodePoints(text[..index]);
        return new ReportedEdit(start, CodePoints(original), original, replacement, EditKind.Rewrite, "test edit", 0.9, "test", disposition);
    }

    public static int CodePoints(string text) => text.EnumerateRunes().Count();

    /// <summary>The page with the edits put in by code points, written apart from the code under test.</summary>
    public static string ReplayByCodePoints(string text, IEnumerable<ReportedEdit> edits)
    {
        var runes = text.EnumerateRunes().Select(rune => rune.ToString()).ToList();
        foreach (var edit in edits.OrderByDescending(e => e.Start).ThenByDescending(e => e.Length))
        {
            Assert.Equal(edit.Original, string.Concat(runes.Skip(edit.Start).Take(edit.Length)));
            runes.RemoveRange(edit.Start, edit.Length);
            runes.Insert(edit.Start, edit.Replacement);
        }
        return string.Concat(runes);
    }

    public static int Count(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    public static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"'{start}' is not in the page");
        var to = text.IndexOf(end, from + start.Length, StringComparison.Ordinal);
        return text[from..(to + end.Length)];
    }

    public static string Repeat(string part, int count) => new StringBuilder(part.Length * count).Insert(0, part, count).ToString();
}
