namespace Translate.Core.Cleanup;

/// <summary>One repair: looks at the document as the steps before it left it and proposes edits.</summary>
public interface ICleanupStep
{
    /// <summary>Short name, used as the edit's engine unless a model made it ("rules:glued-words").</summary>
    string Name { get; }

    ValueTask ProposeAsync(CleanupContext context, ICollection<ProposedEdit> edits, CancellationToken cancellationToken);
}
