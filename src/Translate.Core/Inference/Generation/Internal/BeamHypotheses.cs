namespace Translate.Core.Inference.Generation.Internal;

/// <summary>
/// The finished hypotheses of one input in beam search, as transformers' BeamHypotheses: at most num_beams, each
/// scored sum of log-probabilities / generated length^length_penalty; the worst is evicted when a better one comes.
/// </summary>
internal sealed class BeamHypotheses(int beams, double lengthPenalty, EarlyStopping earlyStopping, int maxLength)
{
    // In insertion order: the winner among equal scores is the one inserted last (Python's stable sort, then pop()).
    private readonly List<(double Score, int[] Ids)> _hypotheses = [];
    private double _worst = 1e9;

    public int Count => _hypotheses.Count;

    /// <param name="generatedLength">Tokens after the start token (the closing end of sequence counted).</param>
    public void Add(int[] ids, float sumLogProbabilities, int generatedLength)
    {
        var score = sumLogProbabilities / Math.Pow(generatedLength, lengthPenalty);
        if (_hypotheses.Count >= beams && score <= _worst)
        {
            return;
        }
        _hypotheses.Add((score, ids));
        if (_hypotheses.Count > beams)
        {
            var (worstIndex, secondWorst) = (0, double.PositiveInfinity);
            for (var i = 1; i < _hypotheses.Count; i++)
            {
                if (_hypotheses[i].Score < _hypotheses[worstIndex].Score)
                {
                    worstIndex = i;
                }
            }
            _hypotheses.RemoveAt(worstIndex);
            foreach (var hypothesis in _hypotheses)
            {
                secondWorst = Math.Min(secondWorst, hypothesis.Score);
            }
            _worst = secondWorst;
        }
        else
        {
            _worst = Math.Min(score, _worst);
        }
    }

    /// <summary>Whether no open beam can do better, given the best candidate score of this step and the output length so far.</summary>
    public bool IsDone(float bestSumLogProbabilities, int length)
    {
        if (_hypotheses.Count < beams)
        {
            return false;
        }
        double highest;
        switch (earlyStopping)
        {
            case EarlyStopping.AsSoonAsFinished:
                return true;
            case EarlyStopping.Never when lengthPenalty > 0:
                // The best possible is reached at the longest output (the start token not counted).
                highest = bestSumLogProbabilities / Math.Pow(maxLength - 1, lengthPenalty);
                break;
            default:
                highest = bestSumLogProbabilities / Math.Pow(length, lengthPenalty);
                break;
        }
        return _worst >= highest;
    }

    public (double Score, int[] Ids) Best()
    {
        var best = 0;
        for (var i = 1; i < _hypotheses.Count; i++)
        {
            if (_hypotheses[i].Score >= _hypotheses[best].Score)
            {
                best = i;
            }
        }
        return _hypotheses[best];
    }
}
