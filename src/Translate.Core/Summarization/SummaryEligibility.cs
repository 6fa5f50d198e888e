using Translate.Core.Language;
using Translate.Core.Text;

namespace Translate.Core.Summarization;

/// <summary>
/// Which sentences a summary may use. A summary quotes the article: not text in another language than the
/// target, nor a sentence a machine translator wrote that no editor has seen yet.
/// </summary>
public static class SummaryEligibility
{
    /// <param name="languageOf">The language of each sentence, by index.</param>
    /// <param name="machineTranslated">The texts (trimmed) that a translator wrote into <paramref name="text"/>.</param>
    public static bool[] Of(
        string text,
        IReadOnlyList<Sentence> sentences,
        Func<int, LanguageGuess> languageOf,
        string targetLanguage,
        IReadOnlySet<string> machineTranslated)
    {
        var eligible = new bool[sentences.Count];
        for (var i = 0; i < eligible.Length; i++)
        {
            var language = languageOf(i);
            eligible[i] = (!language.IsKnown || language.Language == targetLanguage)
                && !machineTranslated.Contains(sentences[i].TextOf(text));
        }
        return eligible;
    }
}
