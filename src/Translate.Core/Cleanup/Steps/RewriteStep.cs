using Translate.Core.Language;
using Translate.Core.Models;

namespace Translate.Core.Cleanup.Steps;

/// <summary>
/// Rewrites sentences judged poor with a seq2seq rewriting model (a T5 / Flan-T5 export), when one is configured.
/// A sentence is judged poor when the language identifier, though it finds the target language, is unsure of it
/// (garbled machine translation reads as no language in particular). A rewrite changes meaning more easily than
/// any rule, so it is proposed with a confidence under the default min_confidence: an editor sees it as a
/// suggestion unless the caller asks for rewrites to be applied; the guards still hold it back if it would lose a
/// number, a name or a quotation mark.
/// </summary>
public sealed class RewriteStep(Seq2SeqTextModel model, RewriteOptions options) : ICleanupStep
{
    public string Name => EngineName.Onnx(model.Name);

    public async ValueTask ProposeAsync(CleanupContext context, ICollection<ProposedEdit> edits, CancellationToken cancellationToken)
    {
        var poor = new List<(int Index, double Confidence)>();
        for (var i = 0; i < context.Sentences.Count; i++)
        {
            var sentence = context.Sentences[i].TextOf(context.Text);
            if (Text.WordCounter.Count(sentence) < options.MinimumWords)
            {
                continue;
            }
            var guess = context.LanguageOf(i);
            var target = guess.ConfidenceOf(context.TargetLanguage);
            if (guess.IsKnown && string.Equals(guess.Language, context.TargetLanguage, StringComparison.OrdinalIgnoreCase) && target < options.MaximumTargetConfidence)
            {
                poor.Add((i, target));
            }
        }
        if (poor.Count == 0)
        {
            return;
        }
        var inputs = poor.Select(p => options.Prefix + context.Sentences[p.Index].TextOf(context.Text)).ToArray();
        var rewrites = await model.GenerateAsync(inputs, cancellationToken: cancellationToken).ConfigureAwait(false);
        for (var k = 0; k < poor.Count; k++)
        {
            var sentence = context.Sentences[poor[k].Index];
            var rewrite = rewrites[k].Trim();
            if (rewrite.Length == 0 || rewrite == sentence.TextOf(context.Text))
            {
                continue;
            }
            edits.Add(new ProposedEdit(sentence.Span, rewrite, EditKind.Rewrite,
                $"The sentence reads poorly (the language identifier is only {poor[k].Confidence:0.00} sure it is {Language.LanguageIdentifier.NameOf(context.TargetLanguage)}); {model.Name} proposes a rewrite",
                options.Confidence, Name));
        }
    }
}

/// <summary>Settings of <see cref="RewriteStep"/> (configuration section "Processing:Rewrite").</summary>
public sealed class RewriteOptions
{
    /// <summary>A sentence whose target-language confidence is under this is judged poor.</summary>
    public double MaximumTargetConfidence { get; set; } = 0.6;

    /// <summary>Shorter sentences (titles, captions) are not rewritten.</summary>
    public int MinimumWords { get; set; } = 6;

    /// <summary>The instruction put before the sentence (Flan-T5 style).</summary>
    public string Prefix { get; set; } = "Rewrite in fluent English: ";

    /// <summary>Confidence of a rewrite; under the default min_confidence (0.5), so rewrites are suggestions by default.</summary>
    public double Confidence { get; set; } = 0.4;
}
