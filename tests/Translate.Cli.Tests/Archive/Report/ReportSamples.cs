using System.Text;
using Translate.Cli.Archive.Report;
using Translate.Core.Cleanup;
using Translate.Core.Processing;

namespace Translate.Cli.Tests.Archive.Report;

/// <summary>Documents for the report tests, with edits placed by finding their text (offsets in code points, as the contract says).</summary>
internal static class ReportSamples
{
    public const string Article =
        "Chinese president XiJinping offers Kim Jong Un the the support of Beijing.\n\n" +
        "The minister has taken part to the talks in Seoul ,where 🇰🇷 flags lined the avenue.\n\n" +
        "Le sommet se tiendra à Pyongyang au printemps. the leaders will meet again in june.";

    /// <summary>An article with one edit of most kinds: applied, suggested, flagged (a whole untranslated sentence), and an insertion.</summary>
    public static ReportDocument ArticleDocument(string id = "news/2026/xi-kim.txt")
    {
        var edits = new List<ReportedEdit>
        {
            Edit(Article, "XiJinping", "Xi Jinping", EditKind.GluedWords, EditDisposition.Applied, "two words glued together"),
            Edit(Article, "the the", "the", EditKind.DoubledWord, EditDisposition.Applied, "the word is doubled"),
            Edit(Article, "taken part to", "participated in", EditKind.Calque, EditDisposition.Applied, "French calque of « prendre part à »"),
            Edit(Article, " ,", ",", EditKind.Spacing, EditDisposition.Applied, "no space before a comma"),
            Insertion(Article, ",where", 1, " ", EditKind.Spacing, EditDisposition.Applied, "a space after a comma"),
            Edit(Article, "Le sommet se tiendra à Pyongyang au printemps.", "", EditKind.Untranslated, EditDisposition.Flagged, "sentence is in French"),
            Edit(Article, "the leaders", "The leaders", EditKind.Casing, EditDisposition.Suggested, "a sentence starts with a capital"),
            Edit(Article, "june", "June", EditKind.Casing, EditDisposition.Applied, "month names are capitalized"),
        };
        return new ReportDocument(id, "jsonl", Article, Apply(Article, edits), edits, "Xi Jinping offers Kim Jong Un Beijing's support.", null);
    }

    public static ReportDocument Failed(string id = "broken") =>
        new(id, "jsonl", "", "", [], null, "the document's text is empty");

    public static ReportDocument Clean(string id) =>
        new(id, "text", "Nothing to repair here.", "Nothing to repair here.", [], "Nothing to repair.", null);

    /// <summary>An edit replacing the first occurrence of <paramref name="find"/>, positioned in code points.</summary>
    public static ReportedEdit Edit(string text, string find, string replacement, EditKind kind, EditDisposition disposition, string reason)
    {
        var index = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{find}' is not in the sample");
        return new ReportedEdit(CodePoints(text, index), CodePoints(find, find.Length), find, replacement, kind, reason, 0.9, "rules", disposition);
    }

    /// <summary>An insertion at <paramref name="offset"/> UTF-16 units into the first occurrence of <paramref name="find"/>.</summary>
    public static ReportedEdit Insertion(string text, string find, int offset, string replacement, EditKind kind, EditDisposition disposition, string reason)
    {
        var index = text.IndexOf(find, StringComparison.Ordinal) + offset;
        return new ReportedEdit(CodePoints(text, index), 0, "", replacement, kind, reason, 0.8, "rules", disposition);
    }

    /// <summary>The text with its applied edits, as the cleanup produces it.</summary>
    public static string Apply(string text, IReadOnlyList<ReportedEdit> edits)
    {
        var runes = text.EnumerateRunes().Select(r => r.ToString()).ToList();
        var output = new StringBuilder();
        var position = 0;
        foreach (var edit in edits.Where(e => e.Disposition == EditDisposition.Applied).OrderBy(e => e.Start).ThenBy(e => e.Length))
        {
            output.AppendJoin("", runes.Skip(position).Take(edit.Start - position)).Append(edit.Replacement);
            position = edit.Start + edit.Length;
        }
        return output.AppendJoin("", runes.Skip(position)).ToString();
    }

    private static int CodePoints(string text, int utf16Length) => text[..utf16Length].EnumerateRunes().Count();

    public static async IAsyncEnumerable<ReportDocument> Stream(IEnumerable<ReportDocument> documents)
    {
        foreach (var document in documents)
        {
            await Task.Yield();
            yield return document;
        }
    }

    public static ReportRun Run(string input = "archive.jsonl") =>
        new(input, "out.jsonl", "in-process", "5f2c9a1e77d0", new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 4, 8, 12, 30, TimeSpan.Zero));
}
