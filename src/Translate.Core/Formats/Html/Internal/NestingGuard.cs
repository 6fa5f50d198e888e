using AngleSharp.Html.Parser;
using AngleSharp.Html.Parser.Tokens;
using Translate.Core.Processing;

namespace Translate.Core.Formats.Html.Internal;

/// <summary>
/// Refuses a page that nests containers absurdly deep, while it is being read. AngleSharp caps the tree's depth,
/// but past the cap its tree construction grows worse than linearly (measured: 40,000 nested divs 14 s, 80,000 75 s),
/// so such a page is stopped at the tag that goes too deep instead of holding a core for minutes.
/// </summary>
internal sealed class NestingGuard
{
    /// <summary>Deeper than any real page (they stay under a few hundred); parsing up to it takes milliseconds.</summary>
    public const int MaxOpenContainers = 4096;

    // Elements that only their own end tag (or an ancestor's) closes: start tags minus end tags counts how many are open.
    // Elements the parser closes by itself (p, li, td, …) are left out, or a page of unclosed paragraphs would count.
    private static readonly HashSet<string> Containers = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "abbr", "address", "article", "aside", "b", "blockquote", "center", "details", "dialog", "div", "dl", "em",
        "fieldset", "figure", "font", "footer", "form", "header", "hgroup", "i", "main", "menu", "nav", "ol", "s",
        "section", "small", "span", "strong", "table", "u", "ul",
    };

    private int _open;

    /// <exception cref="InvalidDocumentException">The token opens one container more than <see cref="MaxOpenContainers"/>.</exception>
    public void See(HtmlToken token)
    {
        if (token.Type is not (HtmlTokenType.StartTag or HtmlTokenType.EndTag) || !Containers.Contains(token.Name))
        {
            return;
        }
        if (token.Type == HtmlTokenType.EndTag)
        {
            _open = Math.Max(0, _open - 1);
            return;
        }
        if (token is HtmlTagToken { IsSelfClosing: true })
        {
            return;
        }
        if (++_open > MaxOpenContainers)
        {
            throw new InvalidDocumentException(
                $"The page nests more than {MaxOpenContainers:N0} elements inside one another (at line {token.Position.Line}, " +
                $"column {token.Position.Column}, a <{token.Name}>); no real page does, and parsing it would take minutes. " +
                "Remove the nesting, or send the page's text as plain text.");
        }
    }
}
