using System.CommandLine;

namespace Translate.Cli.Internal;

/// <summary>
/// The tokens that a command reading configuration leaves unmatched (it sets TreatUnmatchedTokensAsErrors to false),
/// sorted: <c>--Section:Key=value</c> and <c>--Section:Key value</c> are settings for the configuration; any other
/// token is a mistake, reported with the nearest option of the command.
/// </summary>
/// <param name="Settings">The settings' tokens as given, for <c>AddCommandLine</c>.</param>
/// <param name="Errors">One message a mistake, naming the token.</param>
internal sealed record CommandLineSettings(IReadOnlyList<string> Settings, IReadOnlyList<string> Errors)
{
    public static CommandLineSettings Of(ParseResult parseResult)
    {
        var tokens = parseResult.UnmatchedTokens;
        var settings = new List<string>();
        var errors = new List<string>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var name = token.Split('=', 2)[0];
            var hasValue = name.Length < token.Length;
            var valueFollows = i + 1 < tokens.Count && !tokens[i + 1].StartsWith("--", StringComparison.Ordinal);
            if (IsSettingKey(name))
            {
                if (hasValue)
                {
                    settings.Add(token);
                }
                else if (valueFollows)
                {
                    settings.AddRange([token, tokens[++i]]);
                }
                else
                {
                    errors.Add($"the setting '{name}' has no value; write {name}=value.");
                }
            }
            else if (token.StartsWith('-') && token.Length > 1)
            {
                errors.Add(NearestOption.For(name, parseResult.CommandResult.Command) is { } meant
                    ? $"unknown option '{name}'; did you mean {meant}?"
                    : $"unknown option '{name}'.");
                // The value given to an unknown option is part of the same mistake, not a second one.
                if (!hasValue && valueFollows && !tokens[i + 1].StartsWith('-'))
                {
                    i++;
                }
            }
            else
            {
                errors.Add($"unexpected argument '{token}'.");
            }
        }
        return new CommandLineSettings(settings, errors);
    }

    // --Processing:MaxTextCodePoints, --Processing:Apertium:Enabled: a configuration path, sections separated by ':'.
    private static bool IsSettingKey(string name) =>
        name.StartsWith("--", StringComparison.Ordinal) && name.Contains(':') && name[2..].Split(':').All(part => part.Length > 0);
}
