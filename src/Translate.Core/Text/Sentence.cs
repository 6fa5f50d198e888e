namespace Translate.Core.Text;

/// <summary>A sentence of a text: its span (UTF-16) and the zero-based index of its paragraph.</summary>
public readonly record struct Sentence(TextSpan Span, int Paragraph)
{
    public int Start => Span.Start;

    public int Length => Span.Length;

    public int End => Span.End;

    public ReadOnlySpan<char> Of(string text) => text.AsSpan(Span.Start, Span.Length);

    public string TextOf(string text) => text.Substring(Span.Start, Span.Length);
}
