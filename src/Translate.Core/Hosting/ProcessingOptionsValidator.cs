using Microsoft.Extensions.Options;
using Translate.Core.Cleanup.Steps;
using Translate.Core.Inference.Batching;
using Translate.Core.Models;
using Translate.Core.Summarization;
using Translate.Core.Translation;

namespace Translate.Core.Hosting;

/// <summary>
/// Checks the whole configuration: the root settings, each layer's own validator on its section, and the settings
/// that must agree across layers. Every failure names its setting, and all of them are reported at once.
/// </summary>
public sealed class ProcessingOptionsValidator : IValidateOptions<ProcessingOptions>
{
    public ValidateOptionsResult Validate(string? name, ProcessingOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        if (options.MaxTextCodePoints < 1)
        {
            result.AddError($"Processing:MaxTextCodePoints must be at least 1; it is {options.MaxTextCodePoints}.");
        }
        if (options.DefaultMinConfidence is < 0 or > 1)
        {
            result.AddError($"Processing:DefaultMinConfidence must be between 0 and 1; it is {options.DefaultMinConfidence}.");
        }
        if (options.MaxProcessingSeconds is < 1 or > 86_400)
        {
            result.AddError($"Processing:MaxProcessingSeconds must be between 1 and 86400; it is {options.MaxProcessingSeconds}.");
        }
        if (options.MaxConcurrentDocuments is < 1 or > 4096)
        {
            result.AddError($"Processing:MaxConcurrentDocuments must be between 1 and 4096; it is {options.MaxConcurrentDocuments}.");
        }
        if (options.MaxQueueMilliseconds is < 1 or > 3_600_000)
        {
            result.AddError($"Processing:MaxQueueMilliseconds must be between 1 and 3600000; it is {options.MaxQueueMilliseconds}.");
        }
        result.AddResult(new SentenceEncoderOptionsValidator().Validate(name, options.Embeddings));
        var batching = new BatchingOptionsValidator().Validate(name, options.Batching);
        result.AddResult(batching);
        if (batching.Succeeded && options.Batching.MaxBatchTokens < options.Embeddings.MaxTokens)
        {
            result.AddError(
                $"Batching:MaxBatchTokens ({options.Batching.MaxBatchTokens}) must be at least Processing:Embeddings:MaxTokens ({options.Embeddings.MaxTokens}), so a full window fits one batch.");
        }
        result.AddResult(new UntranslatedSegmentOptionsValidator().Validate(name, options.Untranslated));
        result.AddResult(new ApertiumOptionsValidator().Validate(name, options.Apertium));
        result.AddResult(new ExtractiveSummarizerOptionsValidator().Validate(name, options.Extractive));
        return result.Build();
    }

    /// <summary>Throws when <paramref name="options"/> fail validation, with every failure in the message.</summary>
    /// <exception cref="OptionsValidationException">A setting is out of range.</exception>
    public static void ThrowIfInvalid(ProcessingOptions options)
    {
        var result = new ProcessingOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(ProcessingOptions.Section, typeof(ProcessingOptions), result.Failures);
        }
    }
}
