using System.Text.RegularExpressions;
using Translate.Core.Models;
using Translate.Core.Text;

namespace Translate.Core.Cleanup.Steps;

/// <summary>
/// Punctuation and spacing for English, where a French original or a careless conversion left its own:
/// guillemets (« … ») become the double quotes the document already uses (curly when it has any, straight
/// otherwise), the space French puts before : ; ? ! and % goes, as does a stray space before a comma or a full
/// stop ("the UK , who"), and runs of spaces inside a line shrink to one.
/// </summary>
public sealed partial class PunctuationStep : ICleanupStep
{
    public string Name => EngineName.Rules("punctuation");

    public ValueTask ProposeAsync(CleanupContext context, ICollection<ProposedEdit> edits, CancellationToken cancellationToken)
    {
        if (!string.Equals(context.TargetLanguage, "en", StringComparison.OrdinalIgnoreCase))
        {
            return ValueTask.CompletedTask; // these are English conventions
        }
        var text = context.Text;
        var curly = text.Contains('“') || text.Contains('”');
        var (open, close) = curly ? ("“", "”") : ("\"", "\"");

        foreach (Match match in OpeningGuillemet().Matches(text))
        {
            edits.Add(new ProposedEdit(new TextSpan(match.Index, match.Length), open, EditKind.Punctuation,
                $"French opening quote '«' becomes the English {(curly ? "'“'" : "'\"'")}, with no space inside", 0.9, Name));
        }
        foreach (Match match in ClosingGuillemet().Matches(text))
        {
            edits.Add(new ProposedEdit(new TextSpan(match.Index, match.Length), close, EditKind.Punctuation,
                $"French closing quote '»' becomes the English {(curly ? "'”'" : "'\"'")}, with no space inside", 0.9, Name));
        }
        foreach (Match match in SpaceBeforeHighPunctuation().Matches(text))
        {
            if (context.WebAddresses.Contains(match.Index))
            {
                continue;
            }
            var mark = text[match.Index + match.Length];
            edits.Add(new ProposedEdit(new TextSpan(match.Index, match.Length), string.Empty, EditKind.Spacing,
                $"English puts no space before '{mark}' (French typography does)", 0.9, Name));
        }
        foreach (Match match in SpaceBeforeLowPunctuation().Matches(text))
        {
            var mark = text[match.Index + match.Length];
            edits.Add(new ProposedEdit(new TextSpan(match.Index, match.Length), string.Empty, EditKind.Spacing,
                $"A stray space before '{mark}'", 0.9, Name));
        }
        foreach (Match match in RepeatedSpaces().Matches(text))
        {
            edits.Add(new ProposedEdit(new TextSpan(match.Index, match.Length), " ", EditKind.Spacing,
                $"{match.Length} spaces in a row inside a line; one is enough", 0.85, Name));
        }
        return ValueTask.CompletedTask;
    }

    // « with the space (plain, no-break or narrow no-break) French puts after it.
    [GeneratedRegex("«[ \u00A0\u202F]*", RegexOptions.NonBacktracking)]
    private static partial Regex OpeningGuillemet();

    [GeneratedRegex("[ \u00A0\u202F]*»", RegexOptions.NonBacktracking)]
    private static partial Regex ClosingGuillemet();

    // "said :", "country ?", "10 :15", "5 %": a space between a word (or closing quote) and : ; ? ! %.
    [GeneratedRegex("(?<=[\\p{L}\\p{N}\"'”’»)])[ \u00A0\u202F]+(?=[:;?!%](?:$|[\\s\"”’»)\\p{N}]))", RegexOptions.Multiline, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex SpaceBeforeHighPunctuation();

    // "the UK , who", "said .": a space between a word and a comma or full stop that ends a clause.
    [GeneratedRegex("(?<=[\\p{L}\\p{N}\"”’)])[ \u00A0\u202F]+(?=[,.](?:$|\\s)(?!\\.))", RegexOptions.Multiline, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex SpaceBeforeLowPunctuation();

    // Two or more spaces between two visible characters of one line (indentation is left alone).
    [GeneratedRegex("(?<=\\S) {2,}(?=\\S)", RegexOptions.None, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex RepeatedSpaces();
}
