using System.Text;
using Translate.Core.Cleanup;
using Translate.Core.Cleanup.Calques;

namespace Translate.Core.Tests.Cleanup;

public sealed class CleanupPipelineTests
{
    private static readonly string[] Sentences =
    [
        "The council met on Tuesday to discuss the budget.",
        "Officials said 14 people were hurt in the storm.",
        "“We will not give up,” the mayor told reporters.",
        "Prices rose by 3.5% in the year to March.",
        "Read more at https://example.com/news/2019 today.",
        "The company, based in London, employs 1,200 staff.",
        "She had had enough of the delays 🎉 and said so.",
        "Dr. Venter arrived at 7 a.m. on Monday.",
    ];

    private static readonly string[] French =
    [
        "Le conseil municipal a voté le budget mardi soir.",
        "XI Jinping et Kim Jong Un ensemble en 2019.",
    ];

    private static readonly Func<Random, string, string>[] Damages =
    [
        (_, s) => "Posted" + s,
        (_, s) => s.Replace(". ", ".", StringComparison.Ordinal) + " Then it ended.".Replace(" Then", "Then", StringComparison.Ordinal),
        (r, s) => DoubleAWord(r, s),
        (_, s) => s.Replace("“", "« ", StringComparison.Ordinal).Replace("”", " »", StringComparison.Ordinal),
        (_, s) => s.Replace(",", " ,", StringComparison.Ordinal).Replace(".", " .", StringComparison.Ordinal),
        (_, s) => s.Replace(" ", "  ", StringComparison.Ordinal),
        (r, s) => s + " " + CalqueTable.Entries[r.Next(CalqueTable.Entries.Count)].Example,
        (r, s) => s + " " + French[r.Next(French.Length)],
        (_, s) => s.Replace("\n", "\r\n", StringComparison.Ordinal),
        (_, s) => s.ToLowerInvariant(),
    ];

    [Fact]
    public async Task Clean_RandomDamagedDocuments_AppliedEditsReproduceTheOutputExactly()
    {
        var steps = CleanupTestKit.AllSteps();
        for (var iteration = 0; iteration < 150; iteration++)
        {
            var seed = 1000 + iteration;
            var random = new Random(seed);
            var input = RandomDocument(random);
            var request = new CleanupRequest("en", random.NextDouble() < 0.3 ? random.NextDouble() : 0.5,
                ProtectedTermList: random.NextDouble() < 0.3 ? ["council"] : null);

            var result = await new CleanupPipeline(steps, CleanupTestKit.Languages).CleanAsync(input, request, cancellationToken: TestContext.Current.CancellationToken);

            Assert.True(CleanupTestKit.ApplyEdits(input, result.Edits) == result.Text, $"seed {seed}: the applied edits do not give the output.\nInput:\n{input}\nOutput:\n{result.Text}");
            foreach (var edit in result.Edits)
            {
                Assert.True(input.Substring(edit.Span.Start, edit.Span.Length) == edit.Original, $"seed {seed}: edit {edit.Span} '{edit.Original}' is not the input there.");
                Assert.False(string.IsNullOrWhiteSpace(edit.Reason), $"seed {seed}: an edit without a reason.");
                Assert.InRange(edit.Confidence, 0, 1);
            }
            if (request.ProtectedTerms.Count > 0)
            {
                Assert.Equal(CountOf(input, "council"), CountOf(result.Text, "council"));
            }
        }
    }

    [Fact]
    public async Task Clean_ReferenceQualityText_NoAppliedEdit()
    {
        const string text = """
            Chinese President Xi Jinping has written to North Korean leader Kim Jong Un, offering to cooperate to "accelerate peace" in the world, state media reported on Saturday.
            The letter comes as tensions are high on the Korean peninsula after a record series of missile tests.
            "The world, times and history are changing in unprecedented ways," Xi said. He had had enough, he added, and that that mattered.
            In May, Beijing and Moscow vetoed a U.S. draft resolution at 10:15 a.m. local time. Prices rose 3.5% to $1.2 billion.
            """;

        var result = await CleanupTestKit.RunAsync(text, new CleanupRequest("en", 0.5), [.. CleanupTestKit.AllSteps()]);

        Assert.Equal(text, result.Text);
        Assert.DoesNotContain(result.Edits, e => e.Disposition == EditDisposition.Applied);
    }

    private static string RandomDocument(Random random)
    {
        var builder = new StringBuilder();
        var paragraphs = random.Next(1, 6);
        for (var p = 0; p < paragraphs; p++)
        {
            var paragraph = string.Join(" ", Enumerable.Range(0, random.Next(1, 4)).Select(_ => Sentences[random.Next(Sentences.Length)]));
            var damages = random.Next(0, 4);
            for (var d = 0; d < damages; d++)
            {
                paragraph = Damages[random.Next(Damages.Length)](random, paragraph);
            }
            builder.Append(paragraph).Append(random.Next(3) == 0 ? "\n\n" : "\n");
        }
        return builder.ToString();
    }

    private static string DoubleAWord(Random random, string sentence)
    {
        var words = sentence.Split(' ');
        var index = random.Next(words.Length);
        return string.Join(' ', words.Take(index + 1).Append(words[index]).Concat(words.Skip(index + 1)));
    }

    private static int CountOf(string text, string term)
    {
        var count = 0;
        for (var at = text.IndexOf(term, StringComparison.Ordinal); at >= 0; at = text.IndexOf(term, at + term.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
