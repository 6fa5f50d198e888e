using System.Text;

namespace Translate.Cli.Archive.Report;

/// <summary>HTML escaping for text and attribute values: the five characters that can end a text run or an attribute.</summary>
internal static class HtmlText
{
    public static void Write(StringBuilder html, string text) => Write(html, text.AsSpan());

    public static void Write(StringBuilder html, ReadOnlySpan<char> text)
    {
        var run = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var entity = text[i] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                '\0' => "\uFFFD", // the HTML parser drops or replaces NUL; say so visibly
                _ => null,
            };
            if (entity is null)
            {
                continue;
            }
            html.Append(text[run..i]).Append(entity);
            run = i + 1;
        }
        html.Append(text[run..]);
    }

    public static string Escape(string text)
    {
        var html = new StringBuilder(text.Length + 16);
        Write(html, text);
        return html.ToString();
    }
}
