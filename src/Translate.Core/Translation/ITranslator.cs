namespace Translate.Core.Translation;

/// <summary>A machine translator the cleanup can call on text left in another language.</summary>
public interface ITranslator
{
    /// <summary>What it is ("apertium").</summary>
    string Name { get; }

    /// <summary>The engine an edit names for one direction ("apertium:fr>es>en").</summary>
    string EngineFor(string source, string target);

    /// <summary>Whether it translates <paramref name="source"/> into <paramref name="target"/> (ISO 639-1 codes).</summary>
    bool Supports(string source, string target);

    /// <summary>Translates each segment. <paramref name="protectedSpans"/> lists, per segment, spans to pass through as they are.</summary>
    Task<IReadOnlyList<string>> TranslateAsync(
        IReadOnlyList<TranslationSegment> segments,
        string source,
        string target,
        CancellationToken cancellationToken);
}

/// <summary>Text to translate, with the spans (UTF-16, of <see cref="Text"/>) that must come through unchanged.</summary>
public sealed record TranslationSegment(string Text, IReadOnlyList<Text.TextSpan> Protected);
