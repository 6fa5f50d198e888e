using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Translate.Core.Inference.Batching;

namespace Translate.Core.Hosting;

/// <summary>
/// The one binding of configuration to <see cref="ProcessingOptions"/>, shared by the server and the CLI: the
/// "Processing" section, with the top-level "Batching" section (it applies to every model) in
/// <see cref="ProcessingOptions.Batching"/>.
/// </summary>
public static class TranslateConfiguration
{
    /// <summary>The options the configuration gives; not yet validated (<see cref="ProcessingOptionsValidator"/>).</summary>
    public static ProcessingOptions Bind(IConfiguration configuration)
    {
        var options = new ProcessingOptions();
        BindInto(configuration, options);
        return options;
    }

    /// <summary>Registers <see cref="ProcessingOptions"/> bound from <paramref name="configuration"/> and validated at start-up.</summary>
    public static OptionsBuilder<ProcessingOptions> AddProcessingOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<ProcessingOptions>, ProcessingOptionsValidator>();
        return services.AddOptions<ProcessingOptions>()
            .Configure(options => BindInto(configuration, options))
            .ValidateOnStart();
    }

    private static void BindInto(IConfiguration configuration, ProcessingOptions options)
    {
        configuration.GetSection(ProcessingOptions.Section).Bind(options);
        configuration.GetSection(BatchingOptions.Section).Bind(options.Batching);
    }
}
