using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Translate.Core.Models;
using Translate.Core.Text;

namespace Translate.Core.Cleanup.Steps;

/// <summary>
/// Removes a word written twice in a row ("the the", "in in 2016"), keeping the doublings English uses on purpose
/// ("had had", "that that", "is is" after "what", "bye bye", "very very"). The second copy goes with the space
/// before it; words split by a line break or punctuation are not doubled words.
/// </summary>
public sealed partial class DoubledWordStep : ICleanupStep
{
    private static readonly FrozenSet<string> Legitimate = FrozenSet.ToFrozenSet(
        ["had", "that", "is", "bye", "very", "no", "so", "now", "well", "tut", "knock", "yeah", "ha", "go", "there",
         "chop", "pooh", "night", "bang", "boo", "cha", "choo", "hush", "ping", "pom", "tsk", "wow", "yo", "really", "many",
         "far", "long", "more", "again", "round", "over", "on", "and", "blah", "la", "do"],
        StringComparer.OrdinalIgnoreCase);

    public string Name => EngineName.Rules("doubled-word");

    public ValueTask ProposeAsync(CleanupContext context, ICollection<ProposedEdit> edits, CancellationToken cancellationToken)
    {
        var text = context.Text;
        foreach (Match match in DoubledWord().Matches(text))
        {
            var word = match.Groups["word"].Value;
            if (Legitimate.Contains(word) || context.WebAddresses.Contains(match.Index))
            {
                continue;
            }
            var second = match.Groups["second"];
            var start = match.Groups["gap"].Index;
            // A capitalised doubling is a name ("Roa Roa Hotel", "Bora Bora") when a capitalised word follows it or the
            // document repeats it; such a doubling is only suggested.
            var confidence = 0.9;
            if (char.IsUpper(word[0]))
            {
                var pair = text.Substring(match.Index, match.Length);
                var repeated = text.IndexOf(pair, match.Index + match.Length, StringComparison.Ordinal) >= 0 || text.IndexOf(pair, StringComparison.Ordinal) < match.Index;
                confidence = repeated || NextWordIsCapitalised(text, match.Index + match.Length) ? 0.4 : 0.7;
            }
            edits.Add(new ProposedEdit(new TextSpan(start, second.Index + second.Length - start), string.Empty, EditKind.DoubledWord,
                $"'{word}' is written twice in a row; the second one goes", confidence, Name));
        }
        return ValueTask.CompletedTask;
    }

    private static bool NextWordIsCapitalised(string text, int position)
    {
        while (position < text.Length && text[position] is ' ' or '\u00A0')
        {
            position++;
        }
        return position < text.Length && char.IsUpper(text[position]);
    }

    // A word, spaces (no line break), the same word (any case), then no letter, digit, hyphen or apostrophe.
    [GeneratedRegex("(?<![\\p{L}\\p{N}'’-])(?<word>\\p{L}+)(?<gap>[ \u00A0]+)(?<second>\\k<word>)(?![\\p{L}\\p{N}'’-])", RegexOptions.IgnoreCase, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex DoubledWord();
}
