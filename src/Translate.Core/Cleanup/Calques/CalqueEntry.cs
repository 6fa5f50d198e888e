using System.Text.RegularExpressions;

namespace Translate.Core.Cleanup.Calques;

/// <summary>
/// One literal translation or false friend of French-to-English machine translation: where it is (a pattern whose
/// lookarounds are the context conditions), what English says instead, the French it comes from, and how sure
/// the rule is. <see cref="Example"/> must become <see cref="Expected"/> and <see cref="CounterExample"/> (correct
/// English the pattern must not touch) must stay as it is: the tests check every entry both ways.
/// </summary>
public sealed class CalqueEntry
{
    private readonly Func<Match, string>? _rewrite;

    public CalqueEntry(string french, string pattern, string replacement, double confidence, string example, string expected, string? counterExample = null, Func<Match, string>? rewrite = null)
    {
        French = french;
        Pattern = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
        Replacement = replacement;
        Confidence = confidence;
        Example = example;
        Expected = expected;
        CounterExample = counterExample;
        _rewrite = rewrite;
    }

    /// <summary>The French expression the calque comes from ("prêter l'intention").</summary>
    public string French { get; }

    public Regex Pattern { get; }

    /// <summary>The replacement, with $1-style group references (unless a rewrite function builds it).</summary>
    public string Replacement { get; }

    /// <summary>How often the pattern is a real calque: under the request's min_confidence it is only suggested.</summary>
    public double Confidence { get; }

    public string Example { get; }

    public string Expected { get; }

    public string? CounterExample { get; }

    /// <summary>The English for one match, with the match's initial capital kept.</summary>
    public string Rewrite(Match match)
    {
        var replacement = _rewrite is null ? match.Result(Replacement) : _rewrite(match);
        return char.IsUpper(match.Value[0]) && replacement.Length > 0 ? char.ToUpperInvariant(replacement[0]) + replacement[1..] : replacement;
    }
}
