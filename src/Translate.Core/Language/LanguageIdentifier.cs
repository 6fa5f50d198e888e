using Lingua;
using LinguaLanguage = Lingua.Language;

namespace Translate.Core.Language;

/// <summary>
/// The language of a piece of text, as an ISO 639-1 code, with the detector's confidence, and the confidence of
/// every candidate language (they sum to 1).
/// </summary>
public readonly record struct LanguageGuess(string Language, double Confidence, IReadOnlyList<(string Language, double Confidence)>? Ranking = null)
{
    public static LanguageGuess Unknown { get; } = new(string.Empty, 0);

    public bool IsKnown => Language.Length > 0;

    /// <summary>The detector's confidence that the text is in <paramref name="language"/>.</summary>
    public double ConfidenceOf(string language)
    {
        if (Ranking is null)
        {
            return 0;
        }
        foreach (var (code, confidence) in Ranking)
        {
            if (string.Equals(code, language, StringComparison.OrdinalIgnoreCase))
            {
                return confidence;
            }
        }
        return 0;
    }
}

/// <summary>
/// Language identification with Lingua (n-gram models shipped in its NuGet package, no download). Lingua is
/// restricted to the configured languages: every extra language costs memory and lowers accuracy on short text.
/// </summary>
public sealed class LanguageIdentifier
{
    private readonly LanguageDetector _detector;
    private readonly int _minimumLetters;

    public LanguageIdentifier(LanguageIdentifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var languages = options.Languages.Select(ParseIsoCode).Distinct().ToArray();
        if (languages.Length < 2)
        {
            throw new ArgumentException("LanguageIdentification:Languages must name at least two languages.", nameof(options));
        }
        Languages = languages.Select(l => IsoCode(l)).ToArray();
        var builder = LanguageDetectorBuilder.FromLanguages(languages);
        if (options.LowAccuracy)
        {
            builder = builder.WithLowAccuracyMode();
        }
        if (options.Preload)
        {
            builder = builder.WithPreloadedLanguageModels();
        }
        _detector = builder.Build();
        _minimumLetters = options.MinimumLetters;
    }

    /// <summary>The ISO 639-1 codes this identifier can tell apart.</summary>
    public IReadOnlyList<string> Languages { get; }

    /// <summary>
    /// Identifies the language of a sentence from its common words: capitalised words after the first (names,
    /// which read alike in every language and outweigh the rest in a caption such as "XI Jinping et Kim Jong Un
    /// ensemble en 2019.") and words with digits are left out. Too few letters left (names, numbers) is Unknown.
    /// </summary>
    public LanguageGuess Identify(ReadOnlySpan<char> text)
    {
        var common = CommonWords(text);
        var letters = 0;
        foreach (var c in common)
        {
            if (char.IsLetter(c))
            {
                letters++;
            }
        }
        if (letters < _minimumLetters)
        {
            return LanguageGuess.Unknown;
        }
        var ranking = _detector.ComputeLanguageConfidenceValues(common)
            .Where(pair => pair.Key != LinguaLanguage.Unknown)
            .Select(pair => (IsoCode(pair.Key), pair.Value))
            .ToArray();
        return ranking.Length == 0 || ranking[0].Item2 <= 0 ? LanguageGuess.Unknown : new LanguageGuess(ranking[0].Item1, ranking[0].Item2, ranking);
    }

    private static string CommonWords(ReadOnlySpan<char> text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        var first = true;
        foreach (var range in text.SplitAny(" \t\r\n"))
        {
            var word = text[range];
            if (word.IsEmpty)
            {
                continue;
            }
            var letterIndex = word.IndexOfAnyExcept("\"'“‘«(¿¡-");
            var isName = !first && letterIndex >= 0 && char.IsUpper(word[letterIndex]);
            first = false;
            if (isName || word.ContainsAnyInRange('0', '9'))
            {
                continue;
            }
            builder.Append(word).Append(' ');
        }
        return builder.ToString();
    }

    /// <summary>The English name of a language code Lingua supports ("fr" -> "French"), or the code itself.</summary>
    public static string NameOf(string isoCode)
    {
        foreach (var language in Enum.GetValues<LinguaLanguage>())
        {
            if (language != LinguaLanguage.Unknown && string.Equals(IsoCode(language), isoCode, StringComparison.OrdinalIgnoreCase))
            {
                return language.ToString();
            }
        }
        return isoCode;
    }

    /// <summary>Whether a code names a language this identifier knows.</summary>
    public bool Knows(string isoCode) => Languages.Contains(isoCode, StringComparer.OrdinalIgnoreCase);

    private static string IsoCode(LinguaLanguage language) => language.IsoCode6391().ToString().ToLowerInvariant();

    private static LinguaLanguage ParseIsoCode(string code)
    {
        foreach (var language in Enum.GetValues<LinguaLanguage>())
        {
            if (language != LinguaLanguage.Unknown && string.Equals(IsoCode(language), code, StringComparison.OrdinalIgnoreCase))
            {
                return language;
            }
        }
        throw new ArgumentException($"LanguageIdentification:Languages names '{code}', which is not an ISO 639-1 code Lingua supports.");
    }
}

/// <summary>Settings of <see cref="LanguageIdentifier"/> (configuration section "LanguageIdentification").</summary>
public sealed class LanguageIdentifierOptions
{
    public const string Section = "LanguageIdentification";

    /// <summary>ISO 639-1 codes of the languages to tell apart.</summary>
    public IList<string> Languages { get; } =
        ["en", "fr", "de", "es", "it", "pt", "nl", "pl", "ru", "uk", "ro", "sv", "da", "cs", "tr", "ar", "zh", "ja", "ko"];

    /// <summary>Sentences with fewer letters than this in their common words are not identified (their language is empty).</summary>
    public int MinimumLetters { get; set; } = 10;

    /// <summary>Load every language model at start-up rather than on first use.</summary>
    public bool Preload { get; set; } = true;

    /// <summary>
    /// Lingua's low-accuracy mode: trigram models only, a fraction of the memory, less sure on short texts.
    /// </summary>
    public bool LowAccuracy { get; set; }
}
