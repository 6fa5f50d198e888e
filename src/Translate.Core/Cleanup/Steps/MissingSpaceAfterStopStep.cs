using Translate.Core.Models;
using Translate.Core.Text;

namespace Translate.Core.Cleanup.Steps;

/// <summary>
/// Restores the space lost after the end of a sentence: "community.Dr Venter" becomes "community. Dr Venter".
/// Only a word of at least two letters ending in lower case (or a number, or a closing quote or bracket after
/// one) before the stop, and a capitalised word after it: "U.S.", "e.g.", "3.5", "ASP.NET" and web addresses
/// are left alone.
/// </summary>
public sealed class MissingSpaceAfterStopStep : ICleanupStep
{
    public string Name => EngineName.Rules("space-after-stop");

    public ValueTask ProposeAsync(CleanupContext context, ICollection<ProposedEdit> edits, CancellationToken cancellationToken)
    {
        var text = context.Text;
        for (var i = 2; i + 2 < text.Length; i++)
        {
            var stop = text[i];
            if (stop is not ('.' or '!' or '?'))
            {
                continue;
            }
            if (!char.IsUpper(text[i + 1]) || !char.IsLower(text[i + 2]) || !EndsSentenceLikeWord(text, i))
            {
                continue;
            }
            if (context.WebAddresses.Contains(i))
            {
                continue;
            }
            var before = PreviousWord(text, i);
            edits.Add(new ProposedEdit(new TextSpan(i + 1, 0), " ", EditKind.Spacing,
                $"A space is missing after the '{stop}' that ends '…{before}{stop}', before the next sentence", 0.9, Name));
        }
        return ValueTask.CompletedTask;
    }

    private static bool EndsSentenceLikeWord(string text, int stop)
    {
        var k = stop - 1;
        while (k > 0 && text[k] is ')' or '"' or '”' or '’' or '»' or ']')
        {
            k--;
        }
        if (char.IsDigit(text[k]))
        {
            return true;
        }
        return char.IsLower(text[k]) && k > 0 && char.IsLetter(text[k - 1]);
    }

    private static string PreviousWord(string text, int end)
    {
        var start = end;
        while (start > 0 && !char.IsWhiteSpace(text[start - 1]) && end - start < 24)
        {
            start--;
        }
        return text[start..end];
    }
}
