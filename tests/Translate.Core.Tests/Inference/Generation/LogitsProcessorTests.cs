using Translate.Core.Inference.Generation;
using Translate.Core.Inference.Generation.Internal;

namespace Translate.Core.Tests.Inference.Generation;

/// <summary>
/// Each processor on hand-made scores, where the fixtures' random models cannot show the rule: multi-token bad words,
/// several end-of-sequence ids, penalties on repeated ids, the position rules of forced and suppressed tokens.
/// </summary>
public sealed class LogitsProcessorTests
{
    private static readonly int[] NoInput = [];

    private static readonly GenerationSettings Base = new() { DecoderStartTokenId = 0, PadTokenId = 0, EosTokenIds = [1], MaxLength = 50 };

    [Fact]
    public void Process_MultiTokenBadWord_BansLastIdOnlyAfterItsPrefix()
    {
        var processor = new LogitsProcessor(Base with { BadWordsIds = [[4, 5, 6]] }, vocabularySize: 8);
        var afterPrefix = Scores(8);
        var elsewhere = Scores(8);

        processor.Process(afterPrefix, [0, 4, 5], NoInput);
        processor.Process(elsewhere, [0, 5, 4], NoInput);

        Assert.Equal(float.NegativeInfinity, afterPrefix[6]);
        Assert.Equal(Scores(8), elsewhere);
    }

    [Fact]
    public void Process_BadWordThatIsAnEosId_Ignored()
    {
        var processor = new LogitsProcessor(Base with { BadWordsIds = [[1], [3]] }, vocabularySize: 8);
        var scores = Scores(8);

        processor.Process(scores, [0, 2], NoInput);

        Assert.Equal(1f, scores[1]);
        Assert.Equal(float.NegativeInfinity, scores[3]);
    }

    [Fact]
    public void Process_RepetitionPenalty_AppliedOncePerDistinctId()
    {
        var processor = new LogitsProcessor(Base with { RepetitionPenalty = 2f }, vocabularySize: 8);
        float[] scores = [0f, 1f, -4f, 8f, 1f, 1f, 1f, 1f];

        processor.Process(scores, [0, 3, 3, 3, 2], NoInput);

        Assert.Equal(4f, scores[3]);
        Assert.Equal(-8f, scores[2]);
        Assert.Equal(1f, scores[4]);
    }

    [Fact]
    public void Process_NoRepeatNgram_BansTheIdsThatWouldRepeatATrigram()
    {
        var processor = new LogitsProcessor(Base with { NoRepeatNgramSize = 3 }, vocabularySize: 8);
        var scores = Scores(8);

        // "2 3 4" and "2 3 6" occurred; the output ends with "2 3", so 4 and 6 are banned.
        processor.Process(scores, [0, 2, 3, 4, 2, 3, 6, 2, 3], NoInput);

        Assert.Equal(float.NegativeInfinity, scores[4]);
        Assert.Equal(float.NegativeInfinity, scores[6]);
        Assert.Equal(5f, scores[5]);
    }

    [Fact]
    public void Process_MinLengthWithSeveralEosIds_BansEachUntilReached()
    {
        var processor = new LogitsProcessor(Base with { EosTokenIds = [1, 7], MinLength = 3 }, vocabularySize: 8);
        var early = Scores(8);
        var late = Scores(8);

        processor.Process(early, [0, 5], NoInput);
        processor.Process(late, [0, 5, 5], NoInput);

        Assert.Equal(float.NegativeInfinity, early[1]);
        Assert.Equal(float.NegativeInfinity, early[7]);
        Assert.Equal(Scores(8), late);
    }

    [Fact]
    public void Process_ForcedBosAndEos_OnlyAtTheirPositions()
    {
        var processor = new LogitsProcessor(Base with { ForcedBosTokenId = 2, ForcedEosTokenIds = [1], MaxNewTokens = 3 }, vocabularySize: 8);
        var first = Scores(8);
        var middle = Scores(8);
        var last = Scores(8);

        processor.Process(first, [0], NoInput);
        processor.Process(middle, [0, 2], NoInput);
        processor.Process(last, [0, 2, 5], NoInput);

        Assert.Equal(2, Array.IndexOf(first, first.Max()));
        Assert.Equal(7, first.Count(float.IsNegativeInfinity));
        Assert.Equal(Scores(8), middle);
        Assert.Equal(1, Array.IndexOf(last, last.Max()));
        Assert.Equal(7, last.Count(float.IsNegativeInfinity));
    }

    [Fact]
    public void Process_BadWordLongerThanTheOutput_SkippedEvenWhenTheOutputIsItsPrefix()
    {
        // transformers 4.40 (SequenceBias): a 2-token bad word is ignored while the output has 1 token.
        var processor = new LogitsProcessor(Base with { BadWordsIds = [[0, 5]] }, vocabularySize: 8);
        var first = Scores(8);
        var later = Scores(8);

        processor.Process(first, [0], NoInput);
        processor.Process(later, [0, 3, 0], NoInput);

        Assert.Equal(Scores(8), first);
        Assert.Equal(float.NegativeInfinity, later[5]);
    }

    [Fact]
    public void Process_EncoderNoRepeatNgram_BansTheIdsThatWouldCopyAnInputBigram()
    {
        var processor = new LogitsProcessor(Base with { EncoderNoRepeatNgramSize = 2 }, vocabularySize: 8);
        var scores = Scores(8);

        // The input holds "3 4" and "3 6": after an output ending with 3, 4 and 6 are banned.
        processor.Process(scores, [0, 2, 3], [3, 4, 5, 3, 6, 1]);

        Assert.Equal(float.NegativeInfinity, scores[4]);
        Assert.Equal(float.NegativeInfinity, scores[6]);
        Assert.Equal(2, scores.Count(float.IsNegativeInfinity));
    }

    [Fact]
    public void Process_BeginSuppressAfterForcedBos_AppliesToTheTokenAfterIt()
    {
        var processor = new LogitsProcessor(Base with { ForcedBosTokenId = 2, BeginSuppressTokens = [5], SuppressTokens = [6] }, vocabularySize: 8);
        var first = Scores(8);
        var second = Scores(8);
        var third = Scores(8);

        processor.Process(first, [0], NoInput);
        processor.Process(second, [0, 2], NoInput);
        processor.Process(third, [0, 2, 4], NoInput);

        Assert.Equal(2, Array.IndexOf(first, first.Max()));
        Assert.Equal(float.NegativeInfinity, second[5]);
        Assert.Equal(float.NegativeInfinity, second[6]);
        Assert.Equal(4f, third[4]);
        Assert.Equal(5f, third[5]);
        Assert.Equal(float.NegativeInfinity, third[6]);
    }

    [Fact]
    public void Process_RenormalizeLogits_LogProbabilitiesOfWhatTheBansLeave()
    {
        var processor = new LogitsProcessor(Base with { BadWordsIds = [[7]], RenormalizeLogits = true }, vocabularySize: 8);
        var scores = Scores(8);

        processor.Process(scores, [0, 3], NoInput);

        Assert.Equal(float.NegativeInfinity, scores[7]);
        Assert.Equal(1.0, scores.Sum(score => Math.Exp(score)), 5);
        // Shifted by one constant: the order is kept.
        Assert.Equal(1f, scores[6] - scores[5], 5);
    }

    private static float[] Scores(int vocabulary) => Enumerable.Range(0, vocabulary).Select(i => (float)i).ToArray();
}
