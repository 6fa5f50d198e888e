using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Translate.Core.Hosting;

namespace Translate.Cli.Internal;

/// <summary>The models, loaded with the settings the command line and the environment give.</summary>
internal static class ConfiguredRuntime
{
    /// <summary>Loads the models with settings from --Section:Key=value tokens and TRANSLATE_ environment variables.</summary>
    public static TranslateRuntime? Load(ParseResult parseResult)
    {
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables("TRANSLATE_")
            .AddCommandLine([.. parseResult.UnmatchedTokens])
            .Build();
        try
        {
            return TranslateRuntime.Load(TranslateConfiguration.Bind(configuration));
        }
        catch (Exception exception) when (exception is ArgumentException or IOException or InvalidDataException or OptionsValidationException)
        {
            Console.Error.WriteLine($"translate: the models could not be loaded: {exception.Message}");
            return null;
        }
    }
}
