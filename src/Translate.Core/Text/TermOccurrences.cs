namespace Translate.Core.Text;

/// <summary>Where a caller's terms (its glossary of protected terms) occur in a text, matched exactly.</summary>
public static class TermOccurrences
{
    /// <summary>Every occurrence of every non-empty term, terms in order, each term's occurrences left to right.</summary>
    public static List<TextSpan> Find(string text, IReadOnlyList<string> terms)
    {
        var spans = new List<TextSpan>();
        foreach (var term in terms)
        {
            if (string.IsNullOrEmpty(term))
            {
                continue;
            }
            for (var at = text.IndexOf(term, StringComparison.Ordinal); at >= 0; at = text.IndexOf(term, at + term.Length, StringComparison.Ordinal))
            {
                spans.Add(new TextSpan(at, term.Length));
            }
        }
        return spans;
    }
}
