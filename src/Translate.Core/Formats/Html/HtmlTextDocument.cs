using System.Text;
using AngleSharp.Html;
using AngleSharp.Html.Parser;
using AngleSharp.Html.Parser.Tokens;
using Translate.Core.Cleanup;
using Translate.Core.Formats.Html.Internal;
using Translate.Core.Processing;
using Translate.Core.Text;

namespace Translate.Core.Formats.Html;

/// <summary>
/// An HTML page as text to repair: <see cref="Text"/> is what a reader sees, one paragraph a block element; edits of
/// that text go back into the page at the source characters they came from, and nowhere else. See docs/ARCHIVE.md
/// ("HTML") for what counts as a paragraph, what is skipped, and how white space, entities and boundaries map.
/// </summary>
public sealed class HtmlTextDocument
{
    private const string CrossesMarkup = " (not applied: it crosses HTML markup or cuts an entity, so the page is unchanged there)";
    private const string OverlapsInPage = " (not applied: in the page it overlaps another applied edit)";

    private readonly TextSourceMap _map;
    private int[]? _textCodePointOffsets;

    private HtmlTextDocument(string html, TextSourceMap map)
    {
        Html = html;
        _map = map;
    }

    /// <summary>The page as given.</summary>
    public string Html { get; }

    /// <summary>The repairable text: block elements' text as paragraphs separated by a blank line.</summary>
    public string Text => _map.Text;

    /// <summary>
    /// Parses a page. Any string parses (HTML has no syntax errors, only recoveries); time and memory are linear in its
    /// length. The text may be longer than the processor takes (Processing:MaxTextCodePoints), which then says so.
    /// </summary>
    /// <exception cref="InvalidDocumentException">The page nests elements thousands deep (see <see cref="NestingGuard"/>).</exception>
    public static HtmlTextDocument Parse(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var tokens = new List<CharacterRun>();
        var nesting = new NestingGuard();
        var options = new HtmlParserOptions
        {
            IsKeepingSourceReferences = true,
            OnToken = (token, range) =>
            {
                nesting.See(token);
                if (token.Type == HtmlTokenType.Character)
                {
                    tokens.Add(new CharacterRun(range.Start.Index, range.End.Index, token.Data));
                }
            },
        };
        var document = new HtmlParser(options).ParseDocument(html);
        var runs = new CharacterRuns(html, tokens, HtmlEntityProvider.Resolver);
        return new HtmlTextDocument(html, HtmlTextBuilder.Build(document, runs));
    }

    /// <summary>
    /// Puts a result's edits (in code points of <see cref="Text"/>) into the page. An applied edit within one run of
    /// text is applied at its source characters; one that crosses markup, or cuts an entity, is flagged instead and
    /// the page is left unchanged there. Suggested and flagged edits are reported at their place in the page.
    /// </summary>
    /// <exception cref="ArgumentException">The result's edits are not edits of this document's <see cref="Text"/>.</exception>
    public HtmlRepair Apply(DocumentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var pageCodePoints = new CodePointMap(Html);
        var edits = new List<ReportedEdit>(result.Edits.Count);
        foreach (var edit in result.Edits)
        {
            var (start, end) = ToTextOffsets(edit);
            var (exact, sourceStart, sourceEnd) = _map.Locate(start, end);
            var (pageStart, pageLength) = pageCodePoints.ToCodePoints(new TextSpan(sourceStart, sourceEnd - sourceStart));
            edits.Add(edit with
            {
                Start = pageStart,
                Length = pageLength,
                Original = Html[sourceStart..sourceEnd],
                Replacement = Escape(edit.Replacement),
                Disposition = exact ? edit.Disposition : EditDisposition.Flagged,
                Reason = exact ? edit.Reason : edit.Reason + CrossesMarkup,
            });
        }
        edits.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Length.CompareTo(b.Length));
        FlagOverlaps(edits);
        return new HtmlRepair(EditReplay.Apply(Html, edits.Where(e => e.Disposition == EditDisposition.Applied)), edits, result.Summary);
    }

    /// <summary>
    /// The page with exactly the given edits (from <see cref="Apply"/>'s <see cref="HtmlRepair.Edits"/>, in code points of
    /// the page), whatever their disposition: how a page is rebuilt once an editor has rejected some edits.
    /// </summary>
    /// <exception cref="ArgumentException">An edit does not fit this page, or two overlap.</exception>
    public string ApplyEdits(IEnumerable<ReportedEdit> edits) => EditReplay.Apply(Html, edits);

    /// <summary>The UTF-16 span of <see cref="Text"/> an edit of the result names, checked against the text there.</summary>
    private (int Start, int End) ToTextOffsets(ReportedEdit edit)
    {
        var offsets = _textCodePointOffsets ??= CodePointOffsets(Text);
        if (edit.Start < 0 || edit.Length < 0 || edit.Start + edit.Length >= offsets.Length)
        {
            throw new ArgumentException(
                $"The edit at code point {edit.Start} (length {edit.Length}) lies outside the page's text ({offsets.Length - 1} code points): " +
                "the result is not for this page.", nameof(edit));
        }
        var (start, end) = (offsets[edit.Start], offsets[edit.Start + edit.Length]);
        if (!Text.AsSpan(start, end - start).SequenceEqual(edit.Original))
        {
            throw new ArgumentException(
                $"The edit at code point {edit.Start} says the text there is '{edit.Original}', but it is '{Text[start..end]}': " +
                "the result is not for this page's text.", nameof(edit));
        }
        return (start, end);
    }

    /// <summary>Keeps the first of two applied edits that overlap in the page (the text's order can differ from the page's).</summary>
    private static void FlagOverlaps(List<ReportedEdit> edits)
    {
        var appliedEnd = -1;
        for (var i = 0; i < edits.Count; i++)
        {
            var edit = edits[i];
            if (edit.Disposition != EditDisposition.Applied)
            {
                continue;
            }
            if (edit.Start < appliedEnd)
            {
                edits[i] = edit with { Disposition = EditDisposition.Flagged, Reason = edit.Reason + OverlapsInPage };
                continue;
            }
            appliedEnd = edit.Start + edit.Length;
        }
    }

    /// <summary>For each code point of the text, its UTF-16 offset, and the text's length at the end.</summary>
    private static int[] CodePointOffsets(string text)
    {
        var offsets = new int[CodePointMap.CountCodePoints(text) + 1];
        var codePoint = 0;
        for (var i = 0; i < text.Length; i++)
        {
            offsets[codePoint++] = i;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
        }
        offsets[codePoint] = text.Length;
        return offsets;
    }

    /// <summary>Text as it must be written inside an element: the characters that could start markup or an entity escaped.</summary>
    private static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>") < 0)
        {
            return text;
        }
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => builder.Append("&amp;"),
                '<' => builder.Append("&lt;"),
                '>' => builder.Append("&gt;"),
                _ => builder.Append(c),
            };
        }
        return builder.ToString();
    }
}
