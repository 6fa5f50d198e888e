using Translate.Core.Text;

namespace Translate.Core.Cleanup;

/// <summary>The document as one step sees it: the current text, its sentences and their languages.</summary>
public sealed class CleanupContext
{
    private readonly LanguageIdentifier _languageIdentifier;
    private IReadOnlyList<Sentence>? _sentences;
    private LanguageGuess?[]? _languages;

    internal CleanupContext(
        string text,
        string targetLanguage,
        LanguageIdentifier languageIdentifier,
        IReadOnlyList<Sentence>? sentences = null,
        IReadOnlyList<LanguageGuess>? languages = null)
    {
        Text = text;
        TargetLanguage = targetLanguage;
        _languageIdentifier = languageIdentifier;
        _sentences = sentences;
        if (languages is not null)
        {
            _languages = languages.Select(l => (LanguageGuess?)l).ToArray();
        }
    }

    public string Text { get; }

    /// <summary>ISO 639-1 code of the language the text should be in.</summary>
    public string TargetLanguage { get; }

    public IReadOnlyList<Sentence> Sentences => _sentences ??= SentenceSplitter.Default.Split(Text);

    /// <summary>The language of a sentence of <see cref="Sentences"/>, identified on first use.</summary>
    public LanguageGuess LanguageOf(int sentenceIndex)
    {
        _languages ??= new LanguageGuess?[Sentences.Count];
        return _languages[sentenceIndex] ??= _languageIdentifier.Identify(Sentences[sentenceIndex].Of(Text));
    }
}
