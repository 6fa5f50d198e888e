using System.Text;
using Translate.Core.Text;

namespace Translate.Core.Cleanup;

/// <summary>
/// Applies the edits of successive steps and keeps them in the coordinates of the input, so that applying the
/// returned applied edits to the input gives the returned text exactly. A step works on the text the steps
/// before it left; where its edit touches an earlier applied edit, the two become one edit of the input whose
/// reasons are both kept.
/// </summary>
public sealed class EditComposer
{
    private readonly string _input;
    private List<AppliedEdit> _applied = [];
    private readonly List<Edit> _notApplied = [];

    public EditComposer(string input)
    {
        _input = input;
        Current = input;
    }

    /// <summary>The input with every applied edit so far.</summary>
    public string Current { get; private set; }

    /// <summary>
    /// Applies one step's proposals, given in the coordinates of <see cref="Current"/>. Proposals that overlap an
    /// earlier proposal of the same step are kept as suggestions (the first one is applied), those under <paramref name="minConfidence"/>
    /// are kept as suggestions, flags as flags.
    /// </summary>
    public void Apply(IEnumerable<ProposedEdit> proposals, double minConfidence)
    {
        var toApply = new List<ProposedEdit>();
        var lastEnd = -1;
        foreach (var proposal in proposals.OrderBy(p => p.Span.Start).ThenBy(p => p.Span.Length))
        {
            if (proposal.Span.Start < 0 || proposal.Span.End > Current.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(proposals), $"Edit {proposal.Span} lies outside the text (length {Current.Length}).");
            }
            if (proposal.FlagOnly || proposal.Suggest || proposal.Confidence < minConfidence)
            {
                _notApplied.Add(ToInputEdit(proposal, proposal.FlagOnly ? EditDisposition.Flagged : EditDisposition.Suggested));
                continue;
            }
            // Non-overlapping; touching is allowed, except two insertions at one place, whose order is unknown.
            // A proposal that collides with an earlier one of the same step is kept as a suggestion, not lost.
            if (proposal.Span.Start < lastEnd || (proposal.Span.Start == lastEnd && proposal.Span.Length == 0 && toApply[^1].Span.Length == 0 && toApply[^1].Span.Start == lastEnd))
            {
                _notApplied.Add(ToInputEdit(proposal with { Reason = $"{proposal.Reason} (not applied: it overlaps another edit of the same step)" }, EditDisposition.Suggested));
                continue;
            }
            toApply.Add(proposal);
            lastEnd = proposal.Span.End;
        }
        if (toApply.Count > 0)
        {
            Compose(toApply);
        }
    }

    /// <summary>All edits, in input order: applied, suggested and flagged.</summary>
    public IReadOnlyList<Edit> Edits()
    {
        var edits = new List<Edit>(_applied.Count + _notApplied.Count);
        foreach (var applied in _applied)
        {
            edits.Add(applied.ToEdit(_input));
        }
        edits.AddRange(_notApplied);
        edits.Sort((a, b) => a.Span.Start != b.Span.Start ? a.Span.Start.CompareTo(b.Span.Start) : a.Span.Length.CompareTo(b.Span.Length));
        return edits;
    }

    private void Compose(List<ProposedEdit> proposals)
    {
        // Current-text spans of the edits applied so far.
        var existing = new List<(AppliedEdit Edit, TextSpan Current)>(_applied.Count);
        var delta = 0;
        foreach (var edit in _applied)
        {
            existing.Add((edit, new TextSpan(edit.Input.Start + delta, edit.Replacement.Length)));
            delta += edit.Replacement.Length - edit.Input.Length;
        }

        var newText = ApplyToCurrent(proposals);
        var composed = new List<AppliedEdit>(existing.Count + proposals.Count);
        int e = 0, p = 0;
        var shiftBefore = 0; // (current - input) length change of all existing edits before the cluster
        var growth = 0; // (new - current) length change of all proposals before the cluster
        while (e < existing.Count || p < proposals.Count)
        {
            // Start a cluster at whichever interval comes first, then absorb every interval that touches it through
            // an existing edit (two new proposals that merely touch stay apart).
            var startsWithExisting = p >= proposals.Count || (e < existing.Count && existing[e].Current.Start <= proposals[p].Span.Start);
            var clusterStart = startsWithExisting ? existing[e].Current.Start : proposals[p].Span.Start;
            var clusterEnd = startsWithExisting ? existing[e].Current.End : proposals[p].Span.End;
            var hasExisting = startsWithExisting;
            int firstExisting = e, firstProposal = p;
            if (startsWithExisting) e++; else p++;
            while (true)
            {
                if (e < existing.Count && existing[e].Current.Start <= clusterEnd
                    && (hasExisting || existing[e].Current.Start >= clusterStart))
                {
                    clusterEnd = Math.Max(clusterEnd, existing[e].Current.End);
                    hasExisting = true;
                    e++;
                }
                else if (p < proposals.Count && proposals[p].Span.Start <= clusterEnd && hasExisting)
                {
                    clusterEnd = Math.Max(clusterEnd, proposals[p].Span.End);
                    p++;
                }
                else
                {
                    break;
                }
            }

            var proposalCount = p - firstProposal;
            var clusterShift = 0;
            for (var k = firstExisting; k < e; k++)
            {
                clusterShift += existing[k].Edit.Replacement.Length - existing[k].Edit.Input.Length;
            }
            var clusterGrowth = 0;
            for (var k = firstProposal; k < p; k++)
            {
                clusterGrowth += proposals[k].Replacement.Length - proposals[k].Span.Length;
            }

            if (proposalCount == 0)
            {
                for (var k = firstExisting; k < e; k++)
                {
                    composed.Add(existing[k].Edit);
                }
            }
            else
            {
                var inputStart = clusterStart - shiftBefore;
                var inputLength = clusterEnd - clusterStart - clusterShift;
                var replacement = newText.Substring(clusterStart + growth, clusterEnd - clusterStart + clusterGrowth);
                var parts = new List<EditPart>();
                for (var k = firstExisting; k < e; k++)
                {
                    parts.AddRange(existing[k].Edit.Parts);
                }
                for (var k = firstProposal; k < p; k++)
                {
                    var proposal = proposals[k];
                    parts.Add(new EditPart(proposal.Kind, proposal.Reason, proposal.Confidence, proposal.Engine));
                }
                composed.Add(new AppliedEdit(new TextSpan(inputStart, inputLength), replacement, parts));
            }
            shiftBefore += clusterShift;
            growth += clusterGrowth;
        }
        _applied = composed;
        Current = newText;
    }

    private string ApplyToCurrent(List<ProposedEdit> proposals)
    {
        var builder = new StringBuilder(Current.Length + 64);
        var position = 0;
        foreach (var proposal in proposals)
        {
            builder.Append(Current, position, proposal.Span.Start - position).Append(proposal.Replacement);
            position = proposal.Span.End;
        }
        return builder.Append(Current, position, Current.Length - position).ToString();
    }

    /// <summary>Maps a proposal that is not applied onto the input: its ends move out to any applied edit they fall in.</summary>
    private Edit ToInputEdit(ProposedEdit proposal, EditDisposition disposition)
    {
        var start = ToInput(proposal.Span.Start, towardsEnd: false);
        var end = Math.Max(start, ToInput(proposal.Span.End, towardsEnd: true));
        var span = new TextSpan(start, end - start);
        return new Edit(span, _input.Substring(start, end - start), proposal.FlagOnly ? string.Empty : proposal.Replacement,
            proposal.Kind, proposal.Reason, proposal.Confidence, proposal.Engine, disposition);
    }

    private int ToInput(int currentPosition, bool towardsEnd)
    {
        var delta = 0;
        foreach (var edit in _applied)
        {
            var currentStart = edit.Input.Start + delta;
            var currentEnd = currentStart + edit.Replacement.Length;
            if (currentPosition < currentStart || (currentPosition == currentStart && !towardsEnd))
            {
                break;
            }
            if (currentPosition <= currentEnd)
            {
                // Inside the replacement a start moves back to the edit's start; only right after it is it the edit's end.
                return towardsEnd || currentPosition == currentEnd ? edit.Input.End : edit.Input.Start;
            }
            delta += edit.Replacement.Length - edit.Input.Length;
        }
        return currentPosition - delta;
    }

    private sealed record EditPart(EditKind Kind, string Reason, double Confidence, string Engine);

    private sealed record AppliedEdit(TextSpan Input, string Replacement, IReadOnlyList<EditPart> Parts)
    {
        public Edit ToEdit(string input)
        {
            var first = Parts[0];
            if (Parts.Count == 1)
            {
                return new Edit(Input, input.Substring(Input.Start, Input.Length), Replacement, first.Kind, first.Reason,
                    first.Confidence, first.Engine, EditDisposition.Applied);
            }
            // Later steps refined an earlier edit: one edit of the input, every reason kept, the least confidence.
            return new Edit(Input, input.Substring(Input.Start, Input.Length), Replacement, first.Kind,
                string.Join("; then ", Parts.Select(part => part.Reason)),
                Parts.Min(part => part.Confidence),
                string.Join("+", Parts.Select(part => part.Engine).Distinct()),
                EditDisposition.Applied);
        }
    }
}
