using System.CommandLine;

namespace Translate.Cli.Internal;

/// <summary>The option of a command that a mistyped one most likely meant, by edit distance.</summary>
internal static class NearestOption
{
    /// <summary>The command's option (or alias) nearest <paramref name="typed"/>, or null when none is near enough to be meant.</summary>
    public static string? For(string typed, Command command)
    {
        string? nearest = null;
        var best = int.MaxValue;
        foreach (var name in Names(command))
        {
            var distance = EditDistance(typed.ToLowerInvariant(), name.ToLowerInvariant());
            // A typo or two in a long name, one in a short one: '--bogus' is not a misspelt '--json'.
            if (distance < best && distance <= Math.Max(1, name.TrimStart('-').Length / 4))
            {
                (nearest, best) = (name, distance);
            }
        }
        return nearest;
    }

    // The command's own options, and those of its ancestors that apply to it (--help).
    private static IEnumerable<string> Names(Command command)
    {
        var options = command.Options.Concat(command.Parents.OfType<Command>().SelectMany(parent => parent.Options.Where(option => option.Recursive)));
        return options.Where(option => !option.Hidden).SelectMany(option => option.Aliases.Prepend(option.Name));
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions, one each.</summary>
    internal static int EditDistance(string first, string second)
    {
        var previous = new int[second.Length + 1];
        var current = new int[second.Length + 1];
        for (var j = 0; j <= second.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= first.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= second.Length; j++)
            {
                var substitution = previous[j - 1] + (first[i - 1] == second[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[second.Length];
    }
}
