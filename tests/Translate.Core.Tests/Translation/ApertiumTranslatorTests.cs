using Translate.Core.Cleanup;
using Translate.Core.Cleanup.Steps;
using Translate.Core.Language;
using Translate.Core.Tests.Cleanup;
using Translate.Core.Text;
using Translate.Core.Translation;

namespace Translate.Core.Tests.Translation;

/// <summary>
/// The Apertium fallback against the real Debian packages. Skipped where they are not installed, except in CI,
/// where .ci/run installs them and their absence is a failure.
/// </summary>
public sealed class ApertiumTranslatorTests : IDisposable
{
    // Mode files of our own (RequireFakeMode), removed when the test ends.
    private readonly Lazy<string> _fakeModes = new(() => Directory.CreateTempSubdirectory("translate-fake-modes-").FullName);

    public void Dispose()
    {
        if (_fakeModes.IsValueCreated)
        {
            Directory.Delete(_fakeModes.Value, recursive: true);
        }
    }

    private static ApertiumTranslator RequireApertium(int processesPerDirection = 2)
    {
        var translator = ApertiumTranslator.TryCreate(new ApertiumOptions { ProcessesPerDirection = processesPerDirection }, out var reason);
        if (translator is null)
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", $"CI must install Apertium: {reason}");
            Assert.Skip($"Apertium is {reason}.");
        }
        return translator;
    }

    [Fact]
    public async Task Translate_FrenchCaption_NamesAndNumbersKept()
    {
        using var apertium = RequireApertium();
        const string caption = "XI Jinping et Kim Jong Un ensemble en 2019.";

        var result = await CleanupTestKit.RunAsync(caption + "\nThe leaders met again this year in the capital.",
            new UntranslatedSegmentStep(new UntranslatedSegmentOptions(), [apertium]));

        var edit = Assert.Single(result.Edits);
        Assert.Equal(EditDisposition.Applied, edit.Disposition);
        Assert.Equal(caption, edit.Original);
        Assert.Contains("Kim Jong Un", edit.Replacement);
        Assert.Contains("2019", edit.Replacement);
        Assert.Contains(" and ", edit.Replacement);
        Assert.StartsWith("apertium:fr-es>spa-eng", edit.Engine);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Translate_ConcurrentCallsOnTheDirectionsPipelines_EachGetsItsOwnTranslation(int processes)
    {
        using var apertium = RequireApertium(processes);
        var sentences = Enumerable.Range(1, 6).Select(i => $"Le conseil a voté {i * 111} fois.").ToArray();

        var results = await Task.WhenAll(sentences.Select(sentence =>
            apertium.TranslateAsync([new TranslationSegment(sentence, [])], new LanguagePair("fr", "en"), TestContext.Current.CancellationToken)));

        for (var i = 0; i < sentences.Length; i++)
        {
            Assert.Contains(((i + 1) * 111).ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(results[i]));
        }
    }

    [Fact]
    public async Task Translate_SegmentsOfOneCallOverSeveralPipelines_ComeBackInOrder()
    {
        using var apertium = RequireApertium(processesPerDirection: 3);
        var segments = Enumerable.Range(1, 8).Select(i => new TranslationSegment($"Le conseil a voté {i * 111} fois.", [])).ToArray();

        var results = await apertium.TranslateAsync(segments, new LanguagePair("fr", "en"), TestContext.Current.CancellationToken);

        Assert.Equal(segments.Length, results.Count);
        for (var i = 0; i < segments.Length; i++)
        {
            Assert.Contains(((i + 1) * 111).ToString(System.Globalization.CultureInfo.InvariantCulture), results[i]);
        }
    }

    [Fact]
    public async Task Translate_PipelineThatNeverAnswers_TimesOutAndSoDoesTheNextSegmentOnAFreshOne()
    {
        // "tail" answers only at the end of its input: a pipeline that stalls.
        using var stalling = RequireFakeMode("tail -n 1");
        var direction = new LanguagePair("fr", "en");

        for (var call = 0; call < 2; call++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await Assert.ThrowsAsync<TimeoutException>(() => stalling.TranslateAsync([new TranslationSegment("Le conseil a voté.", [])], direction, TestContext.Current.CancellationToken));
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(20));
        }
    }

    [Fact]
    public async Task Translate_PipelineDiesWithSegmentsInFlight_EachGetsItsOwnAnswerOrATimeoutNeverAnother()
    {
        // "head" passes its first segment through and exits: the segments streamed behind it lose their pipeline.
        // None may receive another segment's answer, and a later call gets a fresh pipeline.
        using var dying = RequireFakeMode("head -n 1", processesPerDirection: 1);
        var direction = new LanguagePair("fr", "en");
        var texts = Enumerable.Range(1, 6).Select(i => $"segment number {i} of the run").ToArray();

        var calls = texts.Select(text => Answer(dying, text, direction)).ToArray();
        var answers = await Task.WhenAll(calls);

        for (var i = 0; i < texts.Length; i++)
        {
            Assert.True(answers[i] is null || answers[i] == texts[i], $"segment {i + 1} got '{answers[i]}'");
        }
        Assert.Contains(answers, answer => answer is not null);
        Assert.Equal("a later segment", await Answer(dying, "a later segment", direction) ?? await Answer(dying, "a later segment", direction));
    }

    /// <summary>The translation, or null when the pipeline failed (the step then flags the sentence).</summary>
    private static async Task<string?> Answer(ApertiumTranslator translator, string text, LanguagePair direction)
    {
        try
        {
            return Assert.Single(await translator.TranslateAsync([new TranslationSegment(text, [])], direction, TestContext.Current.CancellationToken));
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>
    /// A translator whose fr-en pipeline is one ordinary program in a mode file of our own (apertium-wblank-mode adds
    /// its null-flush flag, -z, after the program's name), with a one-second timeout.
    /// </summary>
    private ApertiumTranslator RequireFakeMode(string program, int processesPerDirection = 2)
    {
        RequireApertium().Dispose();
        var modes = _fakeModes.Value;
        File.WriteAllText(Path.Combine(modes, "fake.mode"), program + "\n");
        var options = new ApertiumOptions { ModesDirectory = modes, TimeoutSeconds = 1, ProcessesPerDirection = processesPerDirection };
        options.Pipelines.Clear();
        options.Pipelines["fr-en"] = "fake";
        return ApertiumTranslator.TryCreate(options, out var reason) ?? throw new InvalidOperationException(reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public void Validate_ProcessesPerDirectionOutOfRange_FailsNamingTheSetting(int processes)
    {
        var result = new ApertiumOptionsValidator().Validate(null, new ApertiumOptions { ProcessesPerDirection = processes });

        Assert.True(result.Failed);
        Assert.Contains("Processing:Apertium:ProcessesPerDirection", result.FailureMessage);
    }

    [Fact]
    public async Task Translate_ReservedCharactersAndProtectedSpans_ComeBackVerbatim()
    {
        using var apertium = RequireApertium();
        const string text = "Le prix {net} est de 5 $ [note] a/b <x> @y \\ #z *w selon Ensemble Un.";
        var protectedSpan = new TextSpan(text.IndexOf("Ensemble Un", StringComparison.Ordinal), "Ensemble Un".Length);

        var result = await apertium.TranslateAsync([new TranslationSegment(text, [protectedSpan])], new LanguagePair("fr", "en"), TestContext.Current.CancellationToken);

        var translation = Assert.Single(result);
        foreach (var kept in (string[])["{", "}", "$", "[", "]", "/", "<", ">", "@", "\\", "#", "*", "Ensemble Un"])
        {
            Assert.True(translation.Contains(kept, StringComparison.Ordinal), $"'{kept}' is missing from: {translation}");
        }
        Assert.DoesNotContain("<prn>", translation, StringComparison.Ordinal); // no analysis tags leak out
        Assert.Contains("according to", translation, StringComparison.Ordinal);
    }

    [Fact]
    public void StreamFormat_RoundTrip_RestoresText()
    {
        const string text = "a\\b ^c$ d/e <f> @g [h] {i} ~j";
        var segment = new TranslationSegment(text, [new TextSpan(2, 3)]);

        Assert.Equal(text, ApertiumTranslator.FromStream(ApertiumTranslator.ToStream(segment)));
    }

    [Fact]
    public void TryCreate_Disabled_SaysWhy()
    {
        var translator = ApertiumTranslator.TryCreate(new ApertiumOptions { Enabled = false }, out var reason);

        Assert.Null(translator);
        Assert.Contains("Enabled=false", reason);
    }

    [Fact]
    public void TryCreate_ModesMissing_SaysWhich()
    {
        var translator = ApertiumTranslator.TryCreate(new ApertiumOptions { ModesDirectory = "/nonexistent" }, out var reason);

        Assert.Null(translator);
        Assert.True(reason.Contains("/nonexistent", StringComparison.Ordinal) || reason.Contains("not installed", StringComparison.Ordinal), reason);
    }
}
