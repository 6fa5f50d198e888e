namespace Translate.Cli.Archive.Internal;

/// <summary>The documents of an archive in input order, streamed: a JSONL file or a folder tree.</summary>
internal interface IArchiveSource
{
    /// <summary>True for a folder tree (mirrored output plus results.jsonl); false for a JSONL file (JSONL output).</summary>
    bool IsFolder { get; }

    /// <summary>The input, for messages.</summary>
    string Path { get; }

    /// <summary>Every document, in input order, each read when reached.</summary>
    IAsyncEnumerable<ArchiveEntry> ReadAsync(CancellationToken cancellationToken);

    /// <summary>How many documents <paramref name="shard"/> holds, without reading their texts where the id does not need it.</summary>
    Task<long> CountAsync(Shard shard, CancellationToken cancellationToken);
}
