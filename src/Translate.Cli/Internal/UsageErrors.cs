using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Translate.Cli.Internal;

/// <summary>What is wrong with a command line, one message a mistake, found before anything runs.</summary>
internal static class UsageErrors
{
    public static IReadOnlyList<string> Of(ParseResult parseResult)
    {
        var errors = parseResult.Errors.Select(Describe).ToList();
        // System.CommandLine judges the tokens of commands that take no settings; those that do leave theirs unmatched.
        if (!parseResult.CommandResult.Command.TreatUnmatchedTokensAsErrors)
        {
            errors.AddRange(CommandLineSettings.Of(parseResult).Errors);
        }
        return errors;
    }

    // System.CommandLine names the type it could not convert to ('System.Nullable`1[System.Int32]'); say what the option takes.
    private static string Describe(ParseError error)
    {
        if (error.SymbolResult is OptionResult { Tokens.Count: > 0 } result)
        {
            var value = result.Tokens[^1].Value;
            var type = Nullable.GetUnderlyingType(result.Option.ValueType) ?? result.Option.ValueType;
            if (type == typeof(int) && !int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                return $"'{value}' is not a valid {result.Option.Name}: it takes a whole number.";
            }
            if (type == typeof(double) && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                return $"'{value}' is not a valid {result.Option.Name}: it takes a number such as 0.5.";
            }
        }
        return error.Message;
    }
}
