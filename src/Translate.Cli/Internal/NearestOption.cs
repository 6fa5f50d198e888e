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

    // The long names of the command's own options and of its ancestors' that apply to it (--help); a short alias
    // (-h) is one letter from any other and would be suggested for every mistyped one.
    private static IEnumerable<string> Names(Command command)
    {
        var options = command.Options.Concat(command.Parents.OfType<Command>().SelectMany(parent => parent.Options.Where(option => option.Recursive)));
        return options.Where(option => !option.Hidden)
            .SelectMany(option => option.Aliases.Prepend(option.Name))
            .Where(name => name.StartsWith("--", StringComparison.Ordinal));
    }

    /// <summary>
    /// Edit distance with adjacent transpositions (optimal string alignment): an insertion, a deletion, a substitution
    /// or two neighbours swapped ('--hlep') count one each.
    /// </summary>
    internal static int EditDistance(string first, string second)
    {
        var distance = new int[first.Length + 1, second.Length + 1];
        for (var i = 0; i <= first.Length; i++)
        {
            distance[i, 0] = i;
        }
        for (var j = 0; j <= second.Length; j++)
        {
            distance[0, j] = j;
        }
        for (var i = 1; i <= first.Length; i++)
        {
            for (var j = 1; j <= second.Length; j++)
            {
                var cost = first[i - 1] == second[j - 1] ? 0 : 1;
                distance[i, j] = Math.Min(distance[i - 1, j - 1] + cost, Math.Min(distance[i - 1, j], distance[i, j - 1]) + 1);
                if (i > 1 && j > 1 && first[i - 1] == second[j - 2] && first[i - 2] == second[j - 1])
                {
                    distance[i, j] = Math.Min(distance[i, j], distance[i - 2, j - 2] + 1);
                }
            }
        }
        return distance[first.Length, second.Length];
    }
}
