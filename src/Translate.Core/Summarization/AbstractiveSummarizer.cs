using Translate.Core.Models;
using Translate.Core.Text;

namespace Translate.Core.Summarization;

/// <summary>
/// A summary written by a seq2seq summarization export (DistilBART CNN, BART, T5 with its "summarize: " prefix).
/// An article longer than the model's window is summarized window by window and the partial summaries joined;
/// nothing is truncated. The length limits are then held by keeping whole sentences of the generated text while
/// they fit (the first sentence cut at the word limit if it alone is too long).
/// </summary>
public sealed class AbstractiveSummarizer(Seq2SeqTextModel model, string prefix = "")
{
    public string Engine => EngineName.Onnx(model.Name);

    public async Task<Summary> SummarizeAsync(string text, SummaryLimits limits, CancellationToken cancellationToken = default)
    {
        var generated = (await model.GenerateAsync([prefix + text], cancellationToken: cancellationToken).ConfigureAwait(false))[0];
        var sentences = new List<string>();
        var words = 0;
        foreach (var sentence in SentenceSplitter.Default.Split(generated))
        {
            var sentenceText = sentence.TextOf(generated);
            var count = WordCounter.Count(sentenceText);
            if (sentences.Count == limits.MaxSentences || words + count > limits.MaxWords)
            {
                if (sentences.Count == 0)
                {
                    sentences.Add(WordCounter.Truncate(sentenceText, limits.MaxWords));
                }
                break;
            }
            sentences.Add(sentenceText);
            words += count;
        }
        return new Summary(sentences, SummaryMethod.Abstractive, Engine);
    }
}
