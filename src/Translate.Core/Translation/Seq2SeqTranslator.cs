using Translate.Core.Language;
using Translate.Core.Models;

namespace Translate.Core.Translation;

/// <summary>
/// Translation with an ONNX seq2seq export (Helsinki-NLP opus-mt, a Marian model) for one direction. Preferred over
/// Apertium where both know the direction. Protected spans cannot be passed through a neural model the way
/// Apertium's superblanks pass them, so the cleanup's guard checks the numbers of the result instead.
/// </summary>
public sealed class Seq2SeqTranslator(Seq2SeqTextModel model, LanguagePair direction) : ITranslator
{
    public string EngineFor(LanguagePair direction) => EngineName.Onnx(model.Name);

    public bool Supports(LanguagePair asked) => asked == direction;

    public async Task<IReadOnlyList<string>> TranslateAsync(IReadOnlyList<TranslationSegment> segments, LanguagePair asked, CancellationToken cancellationToken)
    {
        if (!Supports(asked))
        {
            throw new NotSupportedException($"{model.Name} translates {direction.Source}->{direction.Target}, not {asked.Source}->{asked.Target}.");
        }
        return await model.GenerateAsync(segments.Select(s => s.Text).ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
