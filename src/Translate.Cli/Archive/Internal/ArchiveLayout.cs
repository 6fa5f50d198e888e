namespace Translate.Cli.Archive.Internal;

/// <summary>
/// Where a run writes: the output (a JSONL file, or a folder mirroring the input with results.jsonl), the ledger
/// beside it (<c>&lt;output&gt;.ledger.sqlite</c>), and a scratch folder beside it for files being written
/// (<c>&lt;output&gt;.partial</c>; a file moves from there into place in one rename, so no reader ever sees half a file).
/// </summary>
internal sealed class ArchiveLayout
{
    public const string ResultsFileName = "results.jsonl";

    public ArchiveLayout(string output, bool folder)
    {
        Output = System.IO.Path.GetFullPath(output).TrimEnd(System.IO.Path.DirectorySeparatorChar);
        IsFolder = folder;
    }

    public string Output { get; }

    public bool IsFolder { get; }

    public string LedgerPath => Output + ".ledger.sqlite";

    public string ScratchFolder => Output + ".partial";

    /// <summary>The JSONL output, or the folder's results.jsonl.</summary>
    public string ResultsPath => IsFolder ? System.IO.Path.Combine(Output, ResultsFileName) : Output;

    /// <summary>The output file of a folder document.</summary>
    public string FileOf(string id) => System.IO.Path.Combine(Output, id.Replace('/', System.IO.Path.DirectorySeparatorChar));

    /// <summary>Empties the scratch folder: what a killed run left there was never in place.</summary>
    public void ResetScratch()
    {
        if (Directory.Exists(ScratchFolder))
        {
            Directory.Delete(ScratchFolder, recursive: true);
        }
        Directory.CreateDirectory(ScratchFolder);
    }

    /// <summary>Writes <paramref name="path"/> whole or not at all: to a scratch file, then one rename over it.</summary>
    public async Task WriteAtomicallyAsync(string path, Func<Stream, Task> write)
    {
        var scratch = System.IO.Path.Combine(ScratchFolder, $"{Guid.NewGuid():N}.tmp");
        await using (var stream = new FileStream(scratch, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            await write(stream).ConfigureAwait(false);
        }
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.Move(scratch, path, overwrite: true);
    }
}
