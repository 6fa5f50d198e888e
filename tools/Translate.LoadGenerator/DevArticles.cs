using System.Text.Json;

namespace Translate.LoadGenerator;

/// <summary>
/// The CNN/DailyMail dev articles, read from the shared data folder beside the repository
/// (../shared/data/dev/cnndm-dev.jsonl); never copied into the project.
/// </summary>
internal static class DevArticles
{
    public const string RelativePath = "../shared/data/dev/cnndm-dev.jsonl";

    /// <summary>The repository root: the nearest folder above <paramref name="start"/> holding Translate.sln.</summary>
    public static string FindRepositoryRoot(string start)
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Translate.sln")))
            {
                return folder.FullName;
            }
        }
        throw new LoadGeneratorException($"No Translate.sln in '{start}' or above it; run the load generator from the repository, or pass --data and --server.");
    }

    /// <summary>
    /// ../shared/data/dev/cnndm-dev.jsonl beside the repository; in a linked git worktree (its .git is a file),
    /// beside the main checkout too, where the shared folder lives.
    /// </summary>
    public static IReadOnlyList<string> DefaultPaths(string repositoryRoot)
    {
        List<string> paths = [Path.GetFullPath(Path.Combine(repositoryRoot, RelativePath))];
        if (MainCheckout(repositoryRoot) is { } main)
        {
            paths.Add(Path.GetFullPath(Path.Combine(main, RelativePath)));
        }
        return paths;
    }

    /// <summary>The first of <paramref name="paths"/> that exists; an error naming every one tried otherwise.</summary>
    public static string Find(IReadOnlyList<string> paths) =>
        paths.FirstOrDefault(File.Exists) ?? throw new LoadGeneratorException(
            $"The dev articles were not found at {string.Join(" nor at ", paths.Select(p => $"'{p}'"))}. The load generator reads " +
            $"{RelativePath} relative to the repository root (the folder 'shared' beside the repository); put the file there or pass --data PATH.");

    // A linked worktree's .git file reads "gitdir: <main>/.git/worktrees/<name>", whose "commondir" leads to <main>/.git.
    private static string? MainCheckout(string repositoryRoot)
    {
        var dotGit = Path.Combine(repositoryRoot, ".git");
        if (!File.Exists(dotGit) || File.ReadAllText(dotGit).Trim() is not ['g', 'i', 't', 'd', 'i', 'r', ':', .. var rest])
        {
            return null;
        }
        var gitDirectory = Path.GetFullPath(rest.Trim(), repositoryRoot);
        var commonDirFile = Path.Combine(gitDirectory, "commondir");
        if (!File.Exists(commonDirFile))
        {
            return null;
        }
        var commonDirectory = Path.GetFullPath(File.ReadAllText(commonDirFile).Trim(), gitDirectory);
        return Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(commonDirectory));
    }

    /// <summary>The "article" field of every line, in file order.</summary>
    public static IReadOnlyList<string> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new LoadGeneratorException(
                $"The dev articles were not found at '{path}'. The load generator reads {RelativePath} relative to the repository root " +
                "(the folder 'shared' beside the repository); put the file there or pass --data PATH.");
        }
        var articles = new List<string>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            using var json = JsonDocument.Parse(line);
            if (json.RootElement.TryGetProperty("article", out var article) && article.GetString() is { Length: > 0 } text)
            {
                articles.Add(text);
            }
        }
        if (articles.Count == 0)
        {
            throw new LoadGeneratorException($"'{path}' holds no line with an \"article\" field.");
        }
        return articles;
    }
}
