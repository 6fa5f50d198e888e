using Translate.Core.Inference.Generation;
using Translate.Core.Models;

namespace Translate.Core.Translation;

/// <summary>
/// Translation with an ONNX seq2seq export (Helsinki-NLP opus-mt, a Marian model) for one direction. Preferred over
/// Apertium where both know the direction. Protected spans cannot be passed through a neural model the way
/// Apertium's superblanks pass them, so the cleanup's guard checks the numbers of the result instead.
/// </summary>
public sealed class Seq2SeqTranslator(Seq2SeqTextModel model, string sourceLanguage, string targetLanguage) : ITranslator
{
    public string Name => model.Name;

    public string EngineFor(string source, string target) => $"onnx:{model.Name}";

    public bool Supports(string source, string target) =>
        string.Equals(source, sourceLanguage, StringComparison.OrdinalIgnoreCase) && string.Equals(target, targetLanguage, StringComparison.OrdinalIgnoreCase);

    public async Task<IReadOnlyList<string>> TranslateAsync(IReadOnlyList<TranslationSegment> segments, string source, string target, CancellationToken cancellationToken)
    {
        if (!Supports(source, target))
        {
            throw new NotSupportedException($"{model.Name} translates {sourceLanguage}->{targetLanguage}, not {source}->{target}.");
        }
        return await model.GenerateAsync(segments.Select(s => s.Text).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
