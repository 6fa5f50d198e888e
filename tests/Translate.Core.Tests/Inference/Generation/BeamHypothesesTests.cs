using Translate.Core.Inference.Generation;
using Translate.Core.Inference.Generation.Internal;

namespace Translate.Core.Tests.Inference.Generation;

/// <summary>transformers' BeamHypotheses rules that the fixtures (early_stopping true, length_penalty 1) do not reach.</summary>
public sealed class BeamHypothesesTests
{
    [Fact]
    public void Add_MoreThanBeams_KeepsTheBestByLengthNormalisedScore()
    {
        var hypotheses = new BeamHypotheses(beams: 2, lengthPenalty: 1.0, EarlyStopping.AsSoonAsFinished, maxLength: 20);

        hypotheses.Add([0, 5], -2f, 2);        // -1.0
        hypotheses.Add([0, 6, 7, 8], -3f, 4);  // -0.75
        hypotheses.Add([0, 9], -4f, 2);        // -2.0: worse than both kept, dropped
        hypotheses.Add([0, 4, 4], -1.5f, 3);   // -0.5: evicts -1.0

        Assert.Equal(2, hypotheses.Count);
        var (score, ids) = hypotheses.Best();
        Assert.Equal(-0.5, score, 1e-9);
        Assert.Equal([0, 4, 4], ids);
    }

    [Fact]
    public void Best_EqualScores_TheLastAddedWins()
    {
        var hypotheses = new BeamHypotheses(beams: 3, lengthPenalty: 1.0, EarlyStopping.AsSoonAsFinished, maxLength: 20);

        hypotheses.Add([0, 1], -1f, 1);
        hypotheses.Add([0, 2], -1f, 1);

        Assert.Equal([0, 2], hypotheses.Best().Ids);
    }

    [Fact]
    public void IsDone_Heuristic_WhenTheBestOpenBeamAtThisLengthCannotBeatTheWorst()
    {
        var hypotheses = new BeamHypotheses(beams: 1, lengthPenalty: 1.0, EarlyStopping.Heuristic, maxLength: 20);
        Assert.False(hypotheses.IsDone(-1f, 4));
        hypotheses.Add([0, 3, 3, 1], -2f, 4); // -0.5

        Assert.False(hypotheses.IsDone(-1f, 4)); // -0.25 could still beat it
        Assert.True(hypotheses.IsDone(-3f, 4));  // -0.75 cannot
    }

    [Fact]
    public void IsDone_Never_AssumesTheLongestOutputWithAPositivePenalty()
    {
        var hypotheses = new BeamHypotheses(beams: 1, lengthPenalty: 1.0, EarlyStopping.Never, maxLength: 11);
        hypotheses.Add([0, 3, 3, 1], -2f, 4); // -0.5

        // At this length -3 / 4 = -0.75 would not beat it, but at length 10 it is -0.3, which would.
        Assert.False(hypotheses.IsDone(-3f, 4));
        Assert.True(hypotheses.IsDone(-6f, 4)); // -0.6 even at length 10
    }
}
