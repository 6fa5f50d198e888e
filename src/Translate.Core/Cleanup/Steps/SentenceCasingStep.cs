using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Translate.Core.Models;
using Translate.Core.Text;

namespace Translate.Core.Cleanup.Steps;

/// <summary>
/// Capitalises a sentence that starts in lower case after a full stop, question or exclamation mark
/// ("It ended. then they left." becomes "It ended. Then they left."). Abbreviations that need no capital after
/// them (a.m., e.g., etc., vs., No.) and words that are written in lower case on purpose (iPhone, eBay) are
/// left alone.
/// </summary>
public sealed partial class SentenceCasingStep : ICleanupStep
{
    private static readonly FrozenSet<string> AbbreviationsBeforeLowerCase = FrozenSet.ToFrozenSet(
        ["a.m", "p.m", "e.g", "i.e", "etc", "vs", "approx", "cf", "No", "no", "Nos", "fig", "Fig", "St", "Dr", "Mr",
         "Mrs", "Ms", "Prof", "Gen", "Sen", "Rep", "Gov", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
         "Sept", "Oct", "Nov", "Dec", "U.S", "U.K", "U.N", "Inc", "Ltd", "Co", "Corp", "op", "ca", "al", "viz"],
        StringComparer.Ordinal);

    public string Name => EngineName.Rules("sentence-casing");

    public ValueTask ProposeAsync(CleanupContext context, ICollection<ProposedEdit> edits, CancellationToken cancellationToken)
    {
        var text = context.Text;
        foreach (Match match in LowerCaseAfterStop().Matches(text))
        {
            var before = match.Groups["before"].Value;
            var word = match.Groups["word"];
            // Dotted or all-capital words before the stop are abbreviations ("A.I. funding", "the EU. and"), not sentence ends.
            if (AbbreviationsBeforeLowerCase.Contains(before) || before.Length < 2 || before.Contains('.') || before.All(char.IsUpper)
                || HasInnerCapital(word.Value) || context.WebAddresses.Contains(match.Index))
            {
                continue;
            }
            var first = word.Value[0];
            edits.Add(new ProposedEdit(new TextSpan(word.Index, 1), char.ToUpperInvariant(first).ToString(), EditKind.Casing,
                $"A sentence starts after '{before}{match.Groups["stop"].Value}', so '{word.Value}' takes a capital", 0.6, Name));
        }
        return ValueTask.CompletedTask;
    }

    private static bool HasInnerCapital(string word)
    {
        for (var i = 1; i < word.Length; i++)
        {
            if (char.IsUpper(word[i]))
            {
                return true;
            }
        }
        return false;
    }

    // The word before the stop (with inner dots, as in "a.m"), the stop, spaces (no line break), a lower-case word.
    // Non-backtracking: a backtracking engine retries every start inside a long run of letters (quadratic).
    [GeneratedRegex("(?<before>[\\p{L}]+(?:\\.[\\p{L}]+)*)(?<stop>[.!?])[ \u00A0]+(?<word>\\p{Ll}[\\p{L}]*)", RegexOptions.NonBacktracking)]
    private static partial Regex LowerCaseAfterStop();
}
