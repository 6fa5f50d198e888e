namespace Translate.Core.Text;

/// <summary>
/// The match timeout of every regular expression that needs backtracking (a lookaround or a backreference, which
/// the non-backtracking engine does not run). Each is written to be linear in the text, so no legitimate match
/// comes near this; it is the backstop that turns a pattern gone wrong into a clear failure instead of a hung core.
/// </summary>
public static class RegexLimits
{
    public const int MatchTimeoutMilliseconds = 2_000;
}
