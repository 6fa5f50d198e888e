using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Translate.Core.Hosting;

namespace Translate.Cli.Internal;

/// <summary>The models, loaded with the settings the command line and the environment give.</summary>
internal static class ConfiguredRuntime
{
    /// <summary>
    /// Loads the models with settings from --Section:Key=value tokens and TRANSLATE_ environment variables; null,
    /// with the reason on standard error, when they cannot be loaded.
    /// </summary>
    /// <param name="adjust">Changes the command makes to the settings before they are validated (batch sizes its admission gate).</param>
    public static TranslateRuntime? Load(ParseResult parseResult, Action<ProcessingOptions>? adjust = null)
    {
        try
        {
            var options = Options(parseResult);
            adjust?.Invoke(options);
            return TranslateRuntime.Load(options);
        }
        catch (Exception exception) when (exception is ArgumentException or IOException or InvalidDataException or OptionsValidationException)
        {
            parseResult.InvocationConfiguration.Error.WriteLine($"translate: the models could not be loaded: {exception.Message}");
            return null;
        }
    }

    /// <summary>The options that --Section:Key=value tokens and TRANSLATE_ environment variables give; not yet validated.</summary>
    public static ProcessingOptions Options(ParseResult parseResult) =>
        TranslateConfiguration.Bind(new ConfigurationBuilder()
            .AddEnvironmentVariables("TRANSLATE_")
            .AddCommandLine([.. CommandLineSettings.Of(parseResult).Settings])
            .Build());
}
