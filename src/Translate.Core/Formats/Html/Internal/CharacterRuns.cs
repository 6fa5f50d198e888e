using AngleSharp.Dom;

namespace Translate.Core.Formats.Html.Internal;

/// <summary>
/// The character tokens of one source, in source order, and which of them each text node of the parsed tree came
/// from. A text node is the data of one run or of several consecutive ones (the tree joins text across a tag it
/// ignores), less what tree construction drops: NULs, and white space it puts elsewhere or drops at the start.
/// </summary>
internal sealed class CharacterRuns
{
    // Runs a text node may be tried against before it is left unlocated. A node's text is nearly always the first
    // open run after the element before it; foster-parented table text and template contents come out of order.
    private const int MaxAttempts = 8;

    private readonly string _source;
    private readonly IEntityProvider _entities;
    private readonly CharacterRun[] _runs;
    private readonly int[] _nextOpen; // union-find over consumed runs, so skipping them stays linear overall

    public CharacterRuns(string source, IReadOnlyList<CharacterRun> runs, IEntityProvider entities)
    {
        _source = source;
        _entities = entities;
        _runs = [.. runs.OrderBy(run => run.SourceStart)];
        _nextOpen = new int[_runs.Length + 1];
        for (var i = 0; i < _nextOpen.Length; i++)
        {
            _nextOpen[i] = i;
        }
    }

    /// <summary>
    /// Claims the runs a text node came from and gives each of its characters' source range, or null when the node
    /// cannot be located (its text is then never repaired in place).
    /// </summary>
    /// <param name="after">A source offset the node's text lies after: the start tag of the element before it.</param>
    /// <param name="mapped">Whether the ranges are wanted (not for text that is never repaired).</param>
    public (int[] Starts, int[] Ends)? Locate(string data, int after, bool mapped)
    {
        var run = NextOpen(FirstEndingAfter(after));
        for (var attempt = 0; attempt < MaxAttempts && run < _runs.Length; run = NextOpen(run + 1))
        {
            if (Matches(data, run))
            {
                return Claim(data, run, mapped);
            }
            if (!IsBlank(_runs[run]))
            {
                attempt++;
            }
        }
        return null;
    }

    /// <summary>Whether the node's data is what the runs from <paramref name="first"/> on hold, less what the tree drops.</summary>
    private bool Matches(string data, int first)
    {
        var run = first;
        var j = _runs[run].Consumed;
        var p = 0;
        while (p < data.Length)
        {
            if (j == _runs[run].Data.Length)
            {
                if (++run == _runs.Length || _runs[run].Consumed != 0)
                {
                    return false;
                }
                j = 0;
                continue;
            }
            var c = _runs[run].Data[j];
            if (c == data[p])
            {
                p++;
            }
            else if (!IsDropped(c, p))
            {
                return false;
            }
            j++;
        }
        return true;
    }

    private (int[] Starts, int[] Ends)? Claim(string data, int first, bool mapped)
    {
        var starts = mapped ? new int[data.Length] : null;
        var ends = mapped ? new int[data.Length] : null;
        var run = first;
        var j = _runs[run].Consumed;
        var p = 0;
        while (p < data.Length)
        {
            if (j == _runs[run].Data.Length)
            {
                Consume(run, j);
                run++;
                j = 0;
                continue;
            }
            if (_runs[run].Data[j] == data[p])
            {
                if (mapped)
                {
                    (starts![p], ends![p]) = _runs[run].SourceOf(_source, j, _entities);
                }
                p++;
            }
            j++;
        }
        Consume(run, j);
        return mapped ? (starts!, ends!) : null;
    }

    private void Consume(int run, int consumed)
    {
        _runs[run].Consumed = consumed;
        if (!_runs[run].IsOpen)
        {
            _nextOpen[run] = run + 1;
        }
    }

    /// <summary>Characters of a run that no text node holds: NULs, and white space before a node's first character.</summary>
    private static bool IsDropped(char c, int position) => c == '\0' || (position == 0 && HtmlElements.IsWhiteSpace(c));

    private static bool IsBlank(CharacterRun run) => run.Data.AsSpan(run.Consumed).IndexOfAnyExcept(" \t\n\f\r\0") < 0;

    private int FirstEndingAfter(int offset)
    {
        int low = 0, high = _runs.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_runs[middle].SourceEnd <= offset)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }

    private int NextOpen(int run)
    {
        var root = run;
        while (_nextOpen[root] != root)
        {
            root = _nextOpen[root];
        }
        while (_nextOpen[run] != root)
        {
            var next = _nextOpen[run];
            _nextOpen[run] = root;
            run = next;
        }
        return root;
    }
}
