using System.Collections.Frozen;
using Translate.Core.Models;
using Translate.Core.Text;

namespace Translate.Core.Cleanup.Steps;

/// <summary>
/// Splits a title, breadcrumb or dateline glued to the next word by the page-to-text conversion that preceded the
/// translation: "AsiaXi Jinping" (the breadcrumb "Asia" and the name "Xi"), "PostedNovember 26". A word with a
/// lower-to-upper case change is split only on evidence: a dateline word before it, a month or weekday after it,
/// or both halves standing alone elsewhere in the same document. Real words with inner capitals ("McDonald",
/// "iPhone", "PhD", "YouTube") have none of that evidence, and a word seen twice in the document is taken as
/// spelled on purpose.
/// </summary>
public sealed class GluedWordStep : ICleanupStep
{
    private static readonly FrozenSet<string> DatelineWords = FrozenSet.ToFrozenSet(
        ["Posted", "Updated", "Published", "Modified", "Edited", "Written", "Reported", "Filed", "Created", "Released",
         "Dated", "Date", "Le", "Publié", "Mis"],
        StringComparer.Ordinal);

    private static readonly FrozenSet<string> CalendarWords = FrozenSet.ToFrozenSet(
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
         "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Monday",
         "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Today", "Yesterday"],
        StringComparer.Ordinal);

    // Brand and family names with an inner capital that are always written that way.
    private static readonly FrozenSet<string> KnownCamelCase = FrozenSet.ToFrozenSet(
        ["YouTube", "PayPal", "PowerPoint", "JavaScript", "TypeScript", "LinkedIn", "WhatsApp", "FedEx", "BlackRock",
         "BlackBerry", "PlayStation", "MasterCard", "WikiLeaks", "GlaxoSmithKline", "SoftBank", "ExxonMobil",
         "DreamWorks", "HarperCollins", "MacBook", "AstraZeneca", "BioNTech", "OpenAI", "DeepMind", "GitHub", "TikTok",
         "WeChat", "AliExpress", "JetBlue", "EasyJet", "SmackDown", "MySpace", "HarmonyOS", "SpaceX", "MacArthur",
         "MacDonald", "MacKenzie", "DuPont", "LaGuardia", "DiMaggio", "VanDyke", "McDonald", "McCain", "McConnell",
         "FireEye", "CrowdStrike", "SolarWinds", "PricewaterhouseCoopers", "JPMorgan", "MasterChef", "PetroChina",
         "SinoPec", "WorldCom", "InterContinental", "EuroMillions", "StubHub", "DoorDash", "GoPro", "FaceTime"],
        StringComparer.Ordinal);

    // Words that open a paragraph; after a lower-case word they show where two lines were glued.
    private static readonly FrozenSet<string> SentenceOpeners = FrozenSet.ToFrozenSet(
        ["The", "A", "An", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "In", "On", "At", "But",
         "And", "As", "After", "When", "While", "Still", "Two", "Three", "One", "Police", "Officials", "Rapper", "Some",
         "Many", "More", "Most", "Meanwhile", "However", "According", "For", "With", "From", "By", "His", "Her", "Their"],
        StringComparer.Ordinal);

    public string Name => EngineName.Rules("glued-words");

    private static bool StartsLine(string text, int position)
    {
        for (var i = position - 1; i >= 0; i--)
        {
            if (text[i] == '\n')
            {
                return true;
            }
            if (!char.IsWhiteSpace(text[i]))
            {
                return false;
            }
        }
        return true;
    }

    public ValueTask ProposeAsync(CleanupContext context, ICollection<ProposedEdit> edits, CancellationToken cancellationToken)
    {
        var text = context.Text;
        var wordCounts = CountWords(text);
        foreach (var word in Words(text))
        {
            var token = text.AsSpan(word.Start, word.Length);
            var split = CaseChange(token);
            if (split <= 0)
            {
                continue;
            }
            var tokenText = token.ToString();
            if (context.WebAddresses.Contains(word.Start) || KnownCamelCase.Contains(tokenText))
            {
                continue;
            }
            var left = tokenText[..split];
            var right = tokenText[split..];
            var datelineEvidence = DatelineWords.Contains(left) || CalendarWords.Contains(right);
            if (!datelineEvidence && wordCounts.GetValueOrDefault(tokenText) > 1)
            {
                continue; // without a dateline, a word written twice the same way is spelled on purpose
            }
            if (DatelineWords.Contains(left) && !CalendarWords.Contains(right) && StartsLine(text, word.Start) && char.IsUpper(right[0]))
            {
                // "PostedMacedonians go to polls": a web page's "Posted" label glued to the headline; the label goes.
                edits.Add(new ProposedEdit(new TextSpan(word.Start, split), string.Empty, EditKind.GluedWords,
                    $"'{tokenText}' is the page label '{left}' glued to the headline; the label is not part of the article", 0.8, Name));
                continue;
            }
            var (confidence, reason) = Judge(left, right, wordCounts);
            if (confidence > 0)
            {
                edits.Add(new ProposedEdit(new TextSpan(word.Start + split, 0), " ", EditKind.GluedWords,
                    $"'{tokenText}' is {reason}; a space was lost between them", confidence, Name));
            }
        }
        return ValueTask.CompletedTask;
    }

    private static (double Confidence, string Reason) Judge(string left, string right, Dictionary<string, int> wordCounts)
    {
        if (DatelineWords.Contains(left))
        {
            return (0.95, $"the dateline word '{left}' glued to '{right}'");
        }
        if (CalendarWords.Contains(right) && left.Length >= 3)
        {
            return (0.9, $"'{left}' glued to the date word '{right}'");
        }
        if (left.Length >= 3 && wordCounts.ContainsKey(left) && wordCounts.ContainsKey(right))
        {
            return (0.9, $"'{left}' glued to '{right}', both of which stand alone elsewhere in the document");
        }
        if (char.IsLower(left[0]) && left.Length >= 3 && (wordCounts.ContainsKey(right) || SentenceOpeners.Contains(right)))
        {
            // "deathPolice", "VirginiaThe": the end of a headline glued to the paragraph after it.
            return (0.85, $"the end of a line ('{left}') glued to the start of the next ('{right}')");
        }
        return (0, string.Empty);
    }

    /// <summary>
    /// Index of the single lower-to-upper case change in a word whose right part is a capitalised word
    /// ("AsiaXi" -> 4), or -1. The left part must hold at least two lower-case letters: "McDonald", "iPhone" and
    /// "LeBron" have only one, and "PhD" has no lower case after its capital.
    /// </summary>
    private static int CaseChange(ReadOnlySpan<char> token)
    {
        var split = -1;
        for (var i = 1; i < token.Length; i++)
        {
            if (char.IsLower(token[i - 1]) && char.IsUpper(token[i]))
            {
                if (split >= 0)
                {
                    return -1; // several changes: an identifier or a brand ("GlaxoSmithKline"), not a glued title
                }
                split = i;
            }
        }
        if (split < 0 || split + 1 >= token.Length || !char.IsLower(token[split + 1]))
        {
            return -1;
        }
        var lowerOnLeft = 0;
        foreach (var c in token[..split])
        {
            if (char.IsLower(c))
            {
                lowerOnLeft++;
            }
        }
        // A lower-case start is a line's last word ("deathPolice"); it needs three letters ("iPhone", "eBay" have one).
        return lowerOnLeft >= 2 && (!char.IsLower(token[0]) || lowerOnLeft >= 3) ? split : -1;
    }

    private static Dictionary<string, int> CountWords(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var word in Words(text))
        {
            var span = text.AsSpan(word.Start, word.Length);
            lookup[span] = lookup.TryGetValue(span, out var count) ? count + 1 : 1;
        }
        return counts;
    }

    /// <summary>Maximal runs of letters.</summary>
    private static IEnumerable<TextSpan> Words(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetter(text[i]))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < text.Length && char.IsLetter(text[i]))
            {
                i++;
            }
            yield return new TextSpan(start, i - start);
        }
    }
}
