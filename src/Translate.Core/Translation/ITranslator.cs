using Translate.Core.Language;

namespace Translate.Core.Translation;

/// <summary>A machine translator the cleanup can call on text left in another language.</summary>
public interface ITranslator
{
    /// <summary>The engine an edit names for one direction ("apertium:fr>es>en").</summary>
    string EngineFor(LanguagePair direction);

    /// <summary>Whether it translates in this direction.</summary>
    bool Supports(LanguagePair direction);

    /// <summary>Translates each segment. <paramref name="protectedSpans"/> lists, per segment, spans to pass through as they are.</summary>
    Task<IReadOnlyList<string>> TranslateAsync(
        IReadOnlyList<TranslationSegment> segments,
        LanguagePair direction,
        CancellationToken cancellationToken);
}

/// <summary>Text to translate, with the spans (UTF-16, of <see cref="Text"/>) that must come through unchanged.</summary>
public sealed record TranslationSegment(string Text, IReadOnlyList<Text.TextSpan> Protected);
