using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Translate.Core.Formats.Html.Internal;

/// <summary>
/// Writes the repairable text of a parsed page, recording for each of its characters the source range it stands
/// for. Block elements are paragraphs, separated by a blank line; inline elements join the text around them; a
/// run of white space is one space (standing for the whole run) and none at a paragraph's edges.
/// </summary>
internal sealed class HtmlTextBuilder(CharacterRuns runs)
{
    private readonly StringBuilder _text = new();
    private readonly List<int> _starts = [];
    private readonly List<int> _ends = [];
    private bool _paragraphHasText;
    private bool _breakPending;
    private (int Start, int End)? _space;

    public static TextSourceMap Build(IDocument document, CharacterRuns runs)
    {
        var builder = new HtmlTextBuilder(runs);
        builder.Walk(document, skippedDepth: 0, lastElementStart: 0);
        return new TextSourceMap(builder._text.ToString(), [.. builder._starts], [.. builder._ends]);
    }

    /// <summary>
    /// Visits the subtree in document order without recursion (a page may nest elements thousands deep), by child
    /// index: AngleSharp finds a node's next sibling by searching its parent's children, quadratic over a long list.
    /// </summary>
    private void Walk(INode root, int skippedDepth, int lastElementStart)
    {
        var path = new Stack<(INodeList Children, int Next)>();
        path.Push((root.ChildNodes, 0));
        while (path.Count > 0)
        {
            var (children, next) = path.Pop();
            if (next == children.Length)
            {
                if (path.Count > 0)
                {
                    var (parentChildren, parentNext) = path.Peek();
                    Leave(parentChildren[parentNext - 1], ref skippedDepth);
                }
                continue;
            }
            path.Push((children, next + 1));
            var node = children[next];
            if (node is IElement element)
            {
                if (element.SourceReference is { } reference)
                {
                    lastElementStart = Math.Max(lastElementStart, reference.Position.Index);
                }
                var isSkipped = HtmlElements.IsSkipped(element.LocalName);
                if (isSkipped || HtmlElements.IsBlock(element.LocalName))
                {
                    Break();
                }
                if (isSkipped)
                {
                    skippedDepth++;
                }
                if (element is IHtmlTemplateElement template)
                {
                    // A template's children live in its content fragment; their runs are claimed, never written.
                    Walk(template.Content, skippedDepth, lastElementStart);
                }
                path.Push((node.ChildNodes, 0));
            }
            else if (node is IText text)
            {
                Append(text.Data, lastElementStart, skippedDepth > 0);
            }
        }
    }

    private void Leave(INode node, ref int skippedDepth)
    {
        if (node is IElement element)
        {
            var isSkipped = HtmlElements.IsSkipped(element.LocalName);
            if (isSkipped)
            {
                skippedDepth--;
            }
            if (isSkipped || HtmlElements.IsBlock(element.LocalName))
            {
                Break();
            }
        }
    }

    private void Append(string data, int after, bool skipped)
    {
        var located = runs.Locate(data, after, mapped: !skipped);
        if (skipped)
        {
            return;
        }
        for (var i = 0; i < data.Length; i++)
        {
            var (start, end) = located is var (starts, ends) ? (starts[i], ends[i]) : (-1, -1);
            Append(data[i], start, end);
        }
    }

    private void Append(char c, int start, int end)
    {
        if (HtmlElements.IsWhiteSpace(c))
        {
            if (!_paragraphHasText)
            {
                return;
            }
            if (_space is not { } space)
            {
                _space = (start, end);
            }
            else if (start >= 0 && space.End == start)
            {
                _space = (space.Start, end);
            }
            return;
        }
        if (_breakPending)
        {
            Add('\n', -1, -1);
            Add('\n', -1, -1);
            _breakPending = false;
        }
        if (_space is { } pending)
        {
            Add(' ', pending.Start, pending.End);
            _space = null;
        }
        Add(c, start, end);
        _paragraphHasText = true;
    }

    /// <summary>Ends the paragraph: white space at its end is dropped, and the next text starts a new one.</summary>
    private void Break()
    {
        _space = null;
        if (_paragraphHasText)
        {
            _breakPending = true;
            _paragraphHasText = false;
        }
    }

    private void Add(char c, int start, int end)
    {
        _text.Append(c);
        _starts.Add(start);
        _ends.Add(end);
    }
}
