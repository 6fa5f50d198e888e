namespace Translate.Cli.Archive.Report;

/// <summary>The report's stylesheet and script, embedded from Archive/Report/Assets.</summary>
internal static class ReportAssets
{
    public static readonly string[] Names = ["report.css", "report.js"];

    public static async Task CopyToAsync(DirectoryInfo directory, CancellationToken cancellationToken)
    {
        foreach (var name in Names)
        {
            await using var asset = typeof(ReportAssets).Assembly.GetManifestResourceStream($"Translate.Cli.Archive.Report.Assets.{name}")
                ?? throw new InvalidOperationException($"The report asset {name} is not embedded in {typeof(ReportAssets).Assembly.GetName().Name}.");
            await using var file = new FileStream(Path.Combine(directory.FullName, name), FileMode.Create, FileAccess.Write, FileShare.None, 16 * 1024, useAsync: true);
            await asset.CopyToAsync(file, cancellationToken);
        }
    }
}
