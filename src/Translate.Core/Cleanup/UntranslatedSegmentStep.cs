using Translate.Core.Text;

namespace Translate.Core.Cleanup;

/// <summary>
/// Finds sentences left in another language than the target ("XI Jinping et Kim Jong Un ensemble en 2019." in an
/// English article) and reports them as untranslated, with the language and the detector's confidence. No
/// translator is wired in yet, so each is flagged for an editor rather than changed.
/// </summary>
public sealed class UntranslatedSegmentStep(UntranslatedSegmentOptions options) : ICleanupStep
{
    public string Name => "lingua";

    public ValueTask ProposeAsync(CleanupContext context, ICollection<ProposedEdit> edits, CancellationToken cancellationToken)
    {
        for (var i = 0; i < context.Sentences.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var guess = context.LanguageOf(i);
            if (!guess.IsKnown || guess.Confidence < options.MinimumConfidence
                || string.Equals(guess.Language, context.TargetLanguage, StringComparison.OrdinalIgnoreCase)
                || guess.Confidence < options.MinimumOdds * guess.ConfidenceOf(context.TargetLanguage))
            {
                continue;
            }
            var sentence = context.Sentences[i];
            var language = LanguageIdentifier.NameOf(guess.Language);
            var target = LanguageIdentifier.NameOf(context.TargetLanguage);
            edits.Add(new ProposedEdit(sentence.Span, string.Empty, EditKind.Untranslated,
                $"This sentence is in {language} ({guess.Language}, confidence {guess.Confidence:0.00}), not {target}; " +
                $"no {guess.Language}->{context.TargetLanguage} translator is installed, so it is flagged for an editor",
                guess.Confidence, Name, FlagOnly: true));
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>Settings of <see cref="UntranslatedSegmentStep"/> (configuration section "Cleanup:Untranslated").</summary>
public sealed class UntranslatedSegmentOptions
{
    /// <summary>Least language-detector confidence at which a sentence counts as written in another language.</summary>
    public double MinimumConfidence { get; set; } = 0.35;

    /// <summary>
    /// How many times likelier than the target language the detected one must be. Short captions spread the
    /// detector's confidence over related languages, so the odds against the target say more than the top value.
    /// </summary>
    public double MinimumOdds { get; set; } = 4;
}
