using Translate.Evaluation.Metrics;

namespace Translate.Evaluation.Tests.Metrics;

/// <summary>
/// Test vectors from sacreBLEU's test/test_chrf.py (github.com/mjpost/sacrebleu, Apache-2.0), as copied to
/// ../shared/data/metric-vectors/sacrebleu_test_vectors.json.
/// </summary>
public sealed class ChrFTests
{
    private const double Tolerance = 1e-4;

    // corpus_chrf(h, [r], char_order=6, word_order=0, beta=3, eps_smoothing=True)
    public static TheoryData<string[], string[], double> EpsilonSmoothingCases => new()
    {
        { ["abcdefg"], ["hijklmnop"], 0.0 },
        { ["a"], ["b"], 0.0 },
        { [""], ["b"], 0.0 },
        { [""], ["ref"], 0.0 },
        { [""], ["reference"], 0.0 },
        { ["aa"], ["ab"], 8.3333 },
        { ["a", "b"], ["a", "c"], 8.3333 },
        { ["a"], ["a"], 16.6667 },
        { ["a b c"], ["a b c"], 50.0 },
        { ["a b c"], ["abc"], 50.0 },
        { [" risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists ."], ["risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists ."], 63.36173 },
        { [" Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. "], ["Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich."], 64.1302698 },
        { ["Niemand hat die Absicht, eine Mauer zu errichten"], ["Niemand hat die Absicht, eine Mauer zu errichten"], 100.0 },
    };

    // The same with eps_smoothing=False: sacreBLEU's default since 2.0, used by `translate eval repair`.
    public static TheoryData<string[], string[], double> EffectiveOrderCases => new()
    {
        { ["a"], ["a"], 100.0 },
        { [""], ["reference"], 0.0 },
        { ["a b c"], ["a b c"], 100.0 },
        { ["a b c"], ["abc"], 100.0 },
        { [""], ["c"], 0.0 },
        { ["a", "b"], ["a", "c"], 50.0 },
        { ["aa"], ["ab"], 25.0 },
    };

    [Theory]
    [MemberData(nameof(EpsilonSmoothingCases))]
    public void Corpus_EpsilonSmoothingBeta3_MatchesSacreBleu(string[] hypotheses, string[] references, double expected) =>
        Assert.Equal(expected, new ChrF(beta: 3, epsilonSmoothing: true).Corpus(hypotheses, references), Tolerance);

    [Theory]
    [MemberData(nameof(EffectiveOrderCases))]
    public void Corpus_EffectiveOrderBeta3_MatchesSacreBleu(string[] hypotheses, string[] references, double expected) =>
        Assert.Equal(expected, new ChrF(beta: 3).Corpus(hypotheses, references), Tolerance);

    // sentence_chrf(h, refs, eps_smoothing=True) with the default beta 2.
    [Theory]
    [InlineData("Co nás nejvíc trápí, protože lékaři si vybírají, kdo bude žít a kdo zemře.", "Nejvíce smutní jsme z toho, že musíme rozhodovat o tom, kdo bude žít a kdo zemře.", 39.14078509)]
    [InlineData("Nebo prostě nemají vybavení, které by jim pomohlo, uvedli lékaři.", "A někdy nemáme ani potřebný materiál, abychom jim pomohli, popsali lékaři.", 31.22557079)]
    [InlineData("Lapali po dechu, jejich životy skončily dřív, než skutečně začaly.", "Lapali po dechu a pak jejich život skončil - dřív, než skutečně mohl začít, připomněli.", 57.15704367)]
    public void Sentence_EpsilonSmoothingBeta2_MatchesSacreBleu(string hypothesis, string reference, double expected) =>
        Assert.Equal(expected, new ChrF(epsilonSmoothing: true).Sentence(hypothesis, reference), Tolerance);
}
