namespace Translate.Core.Inference.Generation.Internal;

/// <summary>
/// Inputs decoded together one step at a time, from one encoder run: every row of a cohort has the same past length,
/// because an Optimum decoder has no self-attention mask (docs/BATCHING.md, "Continuous batching"). An input leaves as
/// soon as it ends (<see cref="Step"/> reports it) or its caller goes (<see cref="Leave"/>); its rows leave the cache.
/// Greedy (<see cref="GreedySearch"/>) or beam search (<see cref="BeamSearch"/>), by the settings' num_beams.
/// </summary>
internal abstract class DecodingCohort : IDisposable
{
    private readonly List<int[]> _inputs;

    protected DecodingCohort(Seq2SeqModel model, IReadOnlyList<int[]> inputs, GenerationSettings settings)
    {
        Model = model;
        _inputs = [.. inputs];
        Settings = settings;
    }

    public Seq2SeqModel Model { get; }

    /// <summary>
    /// The inputs, as given, then those of cohorts absorbed (<see cref="TryAbsorb"/>); an input's index here is how
    /// <see cref="Step"/> and <see cref="Leave"/> name it.
    /// </summary>
    public IReadOnlyList<int[]> Inputs => _inputs;

    public GenerationSettings Settings { get; }

    /// <summary>Decoder rows the next step runs (beams × inputs still decoding).</summary>
    public abstract int Rows { get; }

    /// <summary>Every input has ended or left.</summary>
    public bool IsDone => Rows == 0;

    /// <summary>Encodes the inputs (one encoder run) and returns the search their settings ask for, ready for its first step.</summary>
    public static DecodingCohort Start(Seq2SeqModel model, IReadOnlyList<int[]> inputs, GenerationSettings settings) =>
        settings.NumBeams == 1 ? new GreedySearch(model, inputs, settings) : new BeamSearch(model, inputs, settings);

    /// <summary>Decodes the inputs to their ends: one result an input, in order.</summary>
    public static GeneratedSequence[] Run(Seq2SeqModel model, IReadOnlyList<int[]> inputs, GenerationSettings settings, CancellationToken cancellationToken)
    {
        using var cohort = Start(model, inputs, settings);
        var results = new GeneratedSequence[inputs.Count];
        var ended = new List<(int Input, GeneratedSequence Output)>(inputs.Count);
        while (!cohort.IsDone)
        {
            cancellationToken.ThrowIfCancellationRequested();
            cohort.Step(ended);
        }
        foreach (var (input, output) in ended)
        {
            results[input] = output;
        }
        return results;
    }

    /// <summary>
    /// Takes over the rows of <paramref name="other"/>, which then is done, so that from the next step both decode in
    /// one decoder run; the inputs are numbered anew, the ones still decoding only (a cohort that keeps absorbing
    /// newcomers never grows with the ones that ended): this cohort's, then the other's. Only where the decoder takes
    /// a self-attention mask, both have run a cached step and their settings are equal; null (nothing changed)
    /// otherwise. Greedy search only: beams stay in their own cohort.
    /// </summary>
    /// <returns>The old numbers of the inputs, in their new order: this cohort's, then the other's.</returns>
    public virtual (int[] Kept, int[] OtherKept)? TryAbsorb(DecodingCohort other) => null;

    /// <summary>Numbers the inputs anew (<see cref="TryAbsorb"/>).</summary>
    protected void ReplaceInputs(IEnumerable<int[]> inputs)
    {
        var replaced = inputs.ToList();
        _inputs.Clear();
        _inputs.AddRange(replaced);
    }

    /// <summary>Runs one decoder step over every row and adds each input that ended at it to <paramref name="ended"/>.</summary>
    public abstract void Step(List<(int Input, GeneratedSequence Output)> ended);

    /// <summary>Drops, before the next step, the rows of every input <paramref name="gone"/> names (their callers have gone).</summary>
    public abstract void Leave(Func<int, bool> gone);

    public abstract void Dispose();
}
