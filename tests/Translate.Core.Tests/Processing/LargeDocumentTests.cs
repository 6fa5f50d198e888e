using System.Text;
using Translate.Core.Cleanup;
using Translate.Core.Hosting;
using Translate.Core.Processing;

namespace Translate.Core.Tests.Processing;

/// <summary>A document of a megabyte goes through cleanup whole: every part of it is repaired, nothing is cut.</summary>
public sealed class LargeDocumentTests
{
    [Fact]
    public async Task Clean_OneMegabyteDocument_EveryCopyRepairedNothingTruncated()
    {
        var builder = new StringBuilder();
        var copies = 0;
        while (builder.Length < 1_000_000)
        {
            copies++;
            builder.Append("Part ").Append(copies).Append(" of the archive.\n\n").Append(TestData.XiKimArticle).Append("\n\n");
        }
        builder.Append("The archive ends here.");
        var input = builder.ToString();
        using var runtime = TranslateRuntime.Load(new ProcessingOptions());
        var processor = runtime.Processor;

        var result = await processor.CleanAsync(new DocumentRequest("archive", input), cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(input.Length >= 1_000_000);
        Assert.EndsWith("The archive ends here.", result.Text, StringComparison.Ordinal);
        Assert.Equal(copies, CountOf(result.Text, "Posted November 26"));
        Assert.Equal(0, CountOf(result.Text, "the UK ,"));
        Assert.Contains($"Part {copies} of the archive.", result.Text, StringComparison.Ordinal);
        Assert.Equal(result.Text, ApplyApplied(input, result.Edits));
    }

    [Fact]
    public async Task Clean_OneWordOf200000Letters_FinishesFarWithinAQuadraticTime()
    {
        var random = new Random(7);
        var word = new string(Enumerable.Range(0, 200_000).Select(_ => (char)('a' + random.Next(26))).ToArray());
        using var runtime = TranslateRuntime.Load(new ProcessingOptions());
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await runtime.Processor.CleanAsync(new DocumentRequest("one-word", word), cancellationToken: TestContext.Current.CancellationToken);

        // Linear steps take about a second here; the sentence-casing pattern alone once took 1.8 s at 20,000 letters
        // and grew with the square of the length (about three minutes at 200,000). The bound is generous on purpose.
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 30);
        Assert.Equal(word, ApplyApplied(word, result.Edits));
    }

    [Fact]
    public async Task Clean_PastTheProcessingBudget_StoppedWithAnErrorNamingTheSetting()
    {
        var builder = new StringBuilder();
        while (builder.Length < 1_500_000)
        {
            builder.Append(TestData.XiKimArticle).Append("\n\n");
        }
        using var runtime = TranslateRuntime.Load(new ProcessingOptions { MaxProcessingSeconds = 1 });

        var error = await Assert.ThrowsAsync<ProcessingBudgetExceededException>(() =>
            runtime.Processor.CleanAsync(new DocumentRequest("archive", builder.ToString()), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("Processing:MaxProcessingSeconds", error.Message, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    // The edits are in code points; the sample has no surrogate pairs, so they are UTF-16 offsets too.
    private static string ApplyApplied(string input, IReadOnlyList<ReportedEdit> edits)
    {
        var builder = new StringBuilder(input.Length);
        var position = 0;
        foreach (var edit in edits.Where(e => e.Disposition == EditDisposition.Applied).OrderBy(e => e.Start))
        {
            builder.Append(input, position, edit.Start - position).Append(edit.Replacement);
            position = edit.Start + edit.Length;
        }
        return builder.Append(input, position, input.Length - position).ToString();
    }
}
