namespace Translate.Core.Tests;

/// <summary>
/// The team's read-only data folder: ../shared beside the repository root, or, in a linked git worktree, beside
/// the main checkout the worktree belongs to.
/// </summary>
internal static class SharedData
{
    public static string? Root { get; } = FindRoot();

    /// <summary>The full path of a file under shared/, or a skip of the test with the reason when it is absent.</summary>
    public static string RequireFile(string relativePath)
    {
        if (Root is null)
        {
            Assert.Skip("../shared (the team's data folder beside the repository) is not on this machine.");
        }
        var path = Path.Combine(Root, relativePath);
        if (!File.Exists(path))
        {
            Assert.Skip($"{path} is not on this machine.");
        }
        return path;
    }

    private static string? FindRoot()
    {
        // TRANSLATE_SHARED points elsewhere, for a checkout that does not sit beside shared/.
        if (Environment.GetEnvironmentVariable("TRANSLATE_SHARED") is { Length: > 0 } configured)
        {
            return Directory.Exists(configured) ? configured : null;
        }
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "Translate.sln")))
        {
            repository = repository.Parent;
        }
        if (repository is null)
        {
            return null;
        }
        var shared = Path.GetFullPath(Path.Combine(repository.FullName, "..", "shared"));
        if (Directory.Exists(shared))
        {
            return shared;
        }
        // A linked worktree's .git is a file "gitdir: <main>/.git/worktrees/<name>".
        var gitFile = Path.Combine(repository.FullName, ".git");
        if (File.Exists(gitFile))
        {
            var line = File.ReadLines(gitFile).FirstOrDefault() ?? "";
            const string Prefix = "gitdir:";
            if (line.StartsWith(Prefix, StringComparison.Ordinal))
            {
                var gitDirectory = new DirectoryInfo(line[Prefix.Length..].Trim());
                var main = gitDirectory.Parent?.Parent?.Parent;
                if (main is not null && gitDirectory.Parent?.Name == "worktrees")
                {
                    shared = Path.Combine(main.Parent?.FullName ?? main.FullName, "shared");
                    return Directory.Exists(shared) ? shared : null;
                }
            }
        }
        return null;
    }
}
