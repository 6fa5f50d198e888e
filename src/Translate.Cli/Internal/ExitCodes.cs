namespace Translate.Cli.Internal;

/// <summary>What `translate` exits with; README.md, "The `translate` command", lists them for users.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>`batch` processed the archive, but some documents failed; each has an error line in the output.</summary>
    public const int DocumentsFailed = 1;

    /// <summary>
    /// Bad usage or input: an unknown option, a bad value, a missing argument, a file that cannot be read, a
    /// document the service refuses, settings that do not validate.
    /// </summary>
    public const int BadInput = 2;

    /// <summary>`batch --server`: none of the servers answered; nothing was processed.</summary>
    public const int ServersUnavailable = 3;

    /// <summary>`batch` was stopped (Ctrl+C) before every document was done; the outputs hold those done, and the same command goes on.</summary>
    public const int Interrupted = 130;
}
