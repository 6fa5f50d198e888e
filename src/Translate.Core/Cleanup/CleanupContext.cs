using Translate.Core.Language;
using Translate.Core.Text;

namespace Translate.Core.Cleanup;

/// <summary>The document as one step sees it: the current text, its sentences and their languages, and the request.</summary>
public sealed class CleanupContext
{
    private readonly LanguageIdentifier _languageIdentifier;
    private readonly Dictionary<string, LanguageGuess> _languageCache;
    private IReadOnlyList<Sentence>? _sentences;
    private WebAddresses? _webAddresses;

    internal CleanupContext(
        string text,
        CleanupRequest request,
        LanguageIdentifier languageIdentifier,
        Dictionary<string, LanguageGuess> languageCache,
        IReadOnlyList<Sentence>? sentences = null)
    {
        Text = text;
        Request = request;
        _languageIdentifier = languageIdentifier;
        _languageCache = languageCache;
        _sentences = sentences;
    }

    public string Text { get; }

    public CleanupRequest Request { get; }

    /// <summary>ISO 639-1 code of the language the text should be in.</summary>
    public string TargetLanguage => Request.TargetLanguage;

    /// <summary>The original the text was translated from, when the caller sent it.</summary>
    public string? SourceText => Request.SourceText;

    /// <summary>Terms the caller's glossary says must never change.</summary>
    public IReadOnlyList<string> ProtectedTerms => Request.ProtectedTerms;

    public IReadOnlyList<Sentence> Sentences => _sentences ??= SentenceSplitter.Default.Split(Text);

    /// <summary>The URLs and e-mail addresses of <see cref="Text"/>, which steps leave alone.</summary>
    public WebAddresses WebAddresses => _webAddresses ??= WebAddresses.In(Text);

    /// <summary>The language of a sentence of <see cref="Sentences"/>, identified on first use (and once per distinct sentence in a run).</summary>
    public LanguageGuess LanguageOf(int sentenceIndex)
    {
        var sentence = Sentences[sentenceIndex].TextOf(Text);
        if (!_languageCache.TryGetValue(sentence, out var guess))
        {
            guess = _languageIdentifier.Identify(sentence);
            _languageCache[sentence] = guess;
        }
        return guess;
    }
}

/// <summary>What the caller asked of one cleanup run.</summary>
public sealed record CleanupRequest(
    string TargetLanguage,
    double MinConfidence,
    string? SourceText = null,
    IReadOnlyList<string>? ProtectedTermList = null)
{
    public IReadOnlyList<string> ProtectedTerms => ProtectedTermList ?? [];
}
