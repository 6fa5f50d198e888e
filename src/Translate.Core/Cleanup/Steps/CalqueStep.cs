using System.Text.RegularExpressions;
using Translate.Core.Cleanup.Calques;
using Translate.Core.Models;
using Translate.Core.Text;

namespace Translate.Core.Cleanup.Steps;

/// <summary>
/// Replaces literal translations and false friends of French-to-English machine translation ("lend him the
/// intention", "broad sustain", "a tense reunion") with what English says, from the curated
/// <see cref="CalqueTable"/>. Each edit names the French expression behind the calque.
/// </summary>
public sealed class CalqueStep(IReadOnlyList<CalqueEntry>? entries = null) : ICleanupStep
{
    private readonly IReadOnlyList<CalqueEntry> _entries = entries ?? CalqueTable.Entries;

    public string Name => EngineName.Rules("calques");

    public ValueTask ProposeAsync(CleanupContext context, ICollection<ProposedEdit> edits, CancellationToken cancellationToken)
    {
        if (!string.Equals(context.TargetLanguage, "en", StringComparison.OrdinalIgnoreCase))
        {
            return ValueTask.CompletedTask; // the table is for English translated from French
        }
        var text = context.Text;
        foreach (var entry in _entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (Match match in entry.Pattern.Matches(text))
            {
                var replacement = entry.Rewrite(match);
                if (replacement == match.Value || context.WebAddresses.Contains(match.Index))
                {
                    continue;
                }
                edits.Add(new ProposedEdit(new TextSpan(match.Index, match.Length), replacement, EditKind.Calque,
                    $"'{match.Value}' is a literal translation of the French '{entry.French}'; English says '{replacement}'",
                    entry.Confidence, Name));
            }
        }
        return ValueTask.CompletedTask;
    }
}
