using System.Text.RegularExpressions;
using Translate.Core.Text;

namespace Translate.Core.Cleanup.Guards;

/// <summary>
/// The guards every proposal passes before it is applied. The caller's protected terms are never touched (a
/// proposal that overlaps one is dropped). Web addresses are never edited. An edit that rewrites words (a calque
/// or a model's rewrite) must keep every number, capitalised name and quotation mark of the span it replaces;
/// if it would lose one, it is held back as a suggestion and its reason says what it would have lost.
/// Edits whose purpose is to remove something (a doubled word, a page label) say so in their own reason.
/// </summary>
public static partial class EditGuard
{
    public static IEnumerable<ProposedEdit> Check(CleanupContext context, IEnumerable<ProposedEdit> proposals)
    {
        var text = context.Text;
        var protectedSpans = TermOccurrences.Find(text, context.ProtectedTerms);
        foreach (var proposal in proposals)
        {
            if (protectedSpans.Any(span => Touches(span, proposal.Span)))
            {
                continue;
            }
            if (proposal.Span.Length > 0 && context.WebAddresses.Contains(proposal.Span.Start) && proposal.Kind is not EditKind.Untranslated)
            {
                continue;
            }
            if (proposal.Kind is EditKind.Calque or EditKind.Rewrite && !proposal.FlagOnly)
            {
                var original = text.Substring(proposal.Span.Start, proposal.Span.Length);
                var lost = Lost(original, proposal.Replacement);
                if (lost is not null)
                {
                    yield return proposal with { Reason = $"{proposal.Reason} (held back as a suggestion: it would lose {lost})", Suggest = true };
                    continue;
                }
            }
            yield return proposal;
        }
    }

    // An insertion strictly inside a term touches it; one at its edge does not ("AsiaXi" may be split before "Xi").
    private static bool Touches(TextSpan term, TextSpan edit) =>
        edit.Length == 0 ? edit.Start > term.Start && edit.Start < term.End : edit.Overlaps(term);

    private static string? Lost(string original, string replacement)
    {
        if (Numbers.FirstMissing(original, replacement) is { } number)
        {
            return $"the number '{number}'";
        }
        foreach (Match match in InnerCapitalisedWord().Matches(original))
        {
            if (!replacement.Contains(match.Value, StringComparison.Ordinal))
            {
                return $"the name '{match.Value}'";
            }
        }
        if (CountQuotes(original) != CountQuotes(replacement))
        {
            return "a quotation mark";
        }
        return null;
    }

    private static int CountQuotes(string text) => text.Count(c => c is '"' or '“' or '”' or '«' or '»');

    // A capitalised word that does not start the span: a name ("Seoul", "Washington").
    [GeneratedRegex("(?<=\\S\\s+)\\p{Lu}[\\p{L}'’-]*", RegexOptions.None, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex InnerCapitalisedWord();
}
