namespace Translate.Core.Formats.Html.Internal;

/// <summary>How an element's text counts in the repairable text: its own paragraph, part of the sentence around it, or none.</summary>
internal static class HtmlElements
{
    // Block elements: their text is its own paragraph. br ends a line, so no sentence runs across it either.
    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details", "dialog", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head",
        "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "section", "summary",
        "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul",
    };

    // Not prose, or not shown as text: their text is never repaired (and ends the paragraph around them).
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "pre", "code", "textarea", "noscript", "template", "svg", "math", "iframe", "object",
        "select", "option", "kbd", "samp", "xmp", "plaintext", "listing",
    };

    public static bool IsBlock(string localName) => Blocks.Contains(localName);

    public static bool IsSkipped(string localName) => Skipped.Contains(localName);

    /// <summary>White space as HTML defines it (U+00A0 is not: a no-break space is text).</summary>
    public static bool IsWhiteSpace(char c) => c is ' ' or '\t' or '\n' or '\f' or '\r';
}
