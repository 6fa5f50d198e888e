namespace Translate.Evaluation.Repair;

/// <summary>Corpus chrF of the damaged inputs and of the cleaned outputs, against the references, over some documents.</summary>
public sealed record RepairScores(int Documents, double Input, double Output)
{
    /// <summary>What cleanup gained (positive) or lost, in chrF points.</summary>
    public double Change => Output - Input;
}

/// <summary>The scores of the documents that hold one kind of damage.</summary>
public sealed record DamageScores(string Damage, RepairScores Scores);

/// <summary>What <see cref="RepairEvaluator"/> measured.</summary>
/// <param name="All">Every document.</param>
/// <param name="ByDamage">The documents of each kind of damage, kinds in ordinal order.</param>
/// <param name="ReferenceAsInput">The references cleaned as if they were inputs: a repair that does no harm leaves them at 100.</param>
/// <param name="ReferencesChanged">How many references cleanup changed at all.</param>
public sealed record RepairEvaluation(RepairScores All, IReadOnlyList<DamageScores> ByDamage, RepairScores ReferenceAsInput, int ReferencesChanged);
