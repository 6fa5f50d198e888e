using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Translate.Core.Language;
using Translate.Core.Models;
using Translate.Core.Text;
using Translate.Core.Translation;

namespace Translate.Core.Cleanup.Steps;

/// <summary>
/// Finds sentences left in another language than the target ("XI Jinping et Kim Jong Un ensemble en 2019." in an
/// English article) and translates them with the first translator that knows the direction; where none does, the
/// sentence is flagged with its language for an editor. When the caller sent the original (source_text), the
/// leftover is matched to its sentence there and that sentence is translated, so a garbled leftover is translated
/// from the true original. Numbers, names and the caller's protected terms pass through the translator unchanged.
/// </summary>
public sealed partial class UntranslatedSegmentStep(UntranslatedSegmentOptions options, IReadOnlyList<ITranslator> translators) : ICleanupStep
{
    // French function words that also occur inside names ("Kim Jong Un", "Jean-Marie Le Pen"): after a capital
    // they are part of the name and must not be translated.
    private static readonly FrozenSet<string> FunctionWordsInNames = FrozenSet.ToFrozenSet(
        ["Un", "Une", "Le", "La", "Les", "De", "Du", "Des", "Et", "En", "Au", "Aux", "A", "Son", "Sa", "Ses", "Si", "On", "Ou", "Y"],
        StringComparer.Ordinal);

    public string Name => EngineName.LanguageIdentification;

    public async ValueTask ProposeAsync(CleanupContext context, ICollection<ProposedEdit> edits, CancellationToken cancellationToken)
    {
        var foreign = new List<(int Index, LanguageGuess Guess)>();
        for (var i = 0; i < context.Sentences.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var guess = context.LanguageOf(i);
            if (guess.IsKnown && guess.Confidence >= options.MinimumConfidence
                && !string.Equals(guess.Language, context.TargetLanguage, StringComparison.OrdinalIgnoreCase)
                && guess.Confidence >= options.MinimumOdds * guess.ConfidenceOf(context.TargetLanguage))
            {
                foreign.Add((i, guess));
            }
        }
        if (foreign.Count == 0)
        {
            return;
        }
        var sourceSentences = string.IsNullOrWhiteSpace(context.SourceText) ? null : SentenceSplitter.Default.Split(context.SourceText);

        foreach (var group in foreign.GroupBy(f => f.Guess.Language))
        {
            var language = group.Key;
            var direction = new LanguagePair(language, context.TargetLanguage);
            var translator = translators.FirstOrDefault(t => t.Supports(direction));
            var items = group.ToArray();
            if (translator is null)
            {
                foreach (var (index, guess) in items)
                {
                    edits.Add(Flag(context, index, guess, $"no {language}->{context.TargetLanguage} translator is installed"));
                }
                continue;
            }

            var segments = new TranslationSegment[items.Length];
            var fromSource = new bool[items.Length];
            for (var k = 0; k < items.Length; k++)
            {
                var leftover = context.Sentences[items[k].Index].TextOf(context.Text);
                var original = sourceSentences is null ? null : AlignToSource(leftover, context.SourceText!, sourceSentences);
                fromSource[k] = original is not null && original != leftover;
                var text = original ?? leftover;
                segments[k] = new TranslationSegment(text, ProtectedSpans(text, context.ProtectedTerms));
            }

            IReadOnlyList<string> translations;
            try
            {
                // A sentence repeated in the document (a caption, a boilerplate line) is translated once.
                var distinct = segments.DistinctBy(segment => segment.Text).ToArray();
                var distinctTranslations = await translator.TranslateAsync(distinct, direction, cancellationToken).ConfigureAwait(false);
                var byText = distinct.Select((segment, k) => (segment.Text, Translation: distinctTranslations[k])).ToDictionary(p => p.Text, p => p.Translation, StringComparer.Ordinal);
                translations = segments.Select(segment => byText[segment.Text]).ToArray();
            }
            catch (TimeoutException exception)
            {
                foreach (var (index, guess) in items)
                {
                    edits.Add(Flag(context, index, guess, $"the translator failed ({exception.Message})"));
                }
                continue;
            }

            for (var k = 0; k < items.Length; k++)
            {
                var (index, guess) = items[k];
                var sentence = context.Sentences[index];
                var translation = translations[k];
                var lost = Numbers.FirstMissing(segments[k].Text, translation);
                if (string.IsNullOrWhiteSpace(translation) || lost is not null)
                {
                    edits.Add(Flag(context, index, guess, lost is null ? "the translator returned nothing" : $"the translation lost the number {lost}"));
                    continue;
                }
                var origin = fromSource[k] ? "the matching sentence of the source text" : "it";
                edits.Add(new ProposedEdit(sentence.Span, translation, EditKind.Untranslated,
                    $"This sentence was left in {LanguageIdentifier.NameOf(language)} (confidence {guess.Confidence:0.00}); " +
                    $"{origin} was translated by {translator.EngineFor(direction)}, names and numbers kept as they were",
                    options.TranslationConfidence, translator.EngineFor(direction)));
            }
        }
    }

    private ProposedEdit Flag(CleanupContext context, int index, LanguageGuess guess, string why)
    {
        var language = LanguageIdentifier.NameOf(guess.Language);
        var target = LanguageIdentifier.NameOf(context.TargetLanguage);
        return new ProposedEdit(context.Sentences[index].Span, string.Empty, EditKind.Untranslated,
            $"This sentence is in {language} ({guess.Language}, confidence {guess.Confidence:0.00}), not {target}; " +
            $"{why}, so it is flagged for an editor", guess.Confidence, Name, FlagOnly: true);
    }

    /// <summary>The source sentence most like the leftover (character trigram overlap), when it is clearly the same.</summary>
    private static string? AlignToSource(string leftover, string sourceText, IReadOnlyList<Sentence> sourceSentences)
    {
        var leftoverGrams = Trigrams(leftover);
        string? best = null;
        var bestScore = 0.0;
        foreach (var sentence in sourceSentences)
        {
            var candidate = sentence.TextOf(sourceText);
            var grams = Trigrams(candidate);
            var common = leftoverGrams.Count(grams.Contains);
            var score = 2.0 * common / Math.Max(1, leftoverGrams.Count + grams.Count);
            if (score > bestScore)
            {
                bestScore = score;
                best = candidate;
            }
        }
        return bestScore >= 0.6 ? best : null;
    }

    private static HashSet<string> Trigrams(string text)
    {
        var lower = text.ToLowerInvariant();
        var grams = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 3 <= lower.Length; i++)
        {
            grams.Add(lower.Substring(i, 3));
        }
        return grams;
    }

    /// <summary>Numbers, function words inside names, and the caller's protected terms.</summary>
    private static List<TextSpan> ProtectedSpans(string text, IReadOnlyList<string> protectedTerms)
    {
        var spans = new List<TextSpan>();
        spans.AddRange(Numbers.In(text));
        foreach (Match match in NameWord().Matches(text))
        {
            if (FunctionWordsInNames.Contains(match.Groups["word"].Value))
            {
                spans.Add(new TextSpan(match.Groups["word"].Index, match.Groups["word"].Length));
            }
        }
        spans.AddRange(TermOccurrences.Find(text, protectedTerms));
        // Overlapping spans merge, so each becomes one superblank.
        spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<TextSpan>();
        foreach (var span in spans)
        {
            if (merged.Count > 0 && span.Start <= merged[^1].End)
            {
                var last = merged[^1];
                merged[^1] = new TextSpan(last.Start, Math.Max(last.End, span.End) - last.Start);
            }
            else
            {
                merged.Add(span);
            }
        }
        return merged;
    }

    // A capitalised word right after another capitalised word: part of a name.
    [GeneratedRegex("(?<=\\p{Lu}[\\p{L}'’-]*[ \u00A0])(?<word>\\p{Lu}\\p{Ll}*)\\b", RegexOptions.None, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex NameWord();
}

/// <summary>Settings of <see cref="UntranslatedSegmentStep"/> (configuration section "Processing:Untranslated").</summary>
public sealed class UntranslatedSegmentOptions
{
    /// <summary>Least language-detector confidence at which a sentence counts as written in another language.</summary>
    public double MinimumConfidence { get; set; } = 0.35;

    /// <summary>
    /// How many times likelier than the target language the detected one must be. Short captions spread the
    /// detector's confidence over related languages, so the odds against the target say more than the top value.
    /// </summary>
    public double MinimumOdds { get; set; } = 4;

    /// <summary>Confidence given to a machine translation of a leftover sentence.</summary>
    public double TranslationConfidence { get; set; } = 0.7;
}
