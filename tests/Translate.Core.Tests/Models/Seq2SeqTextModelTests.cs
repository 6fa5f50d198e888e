using Translate.Core.Inference.Batching;
using Translate.Core.Models;
using Translate.Core.Tests.Inference.Generation;

namespace Translate.Core.Tests.Models;

/// <summary>Text in, text out: the family's tokenizer, the generator and the detokenizer together, on the fixtures.</summary>
public sealed class Seq2SeqTextModelTests
{
    [Theory]
    [InlineData("marian")]
    [InlineData("bart")]
    [InlineData("t5")]
    public async Task Generate_FixtureTexts_SameIdsAndTextAsTheReference(string family)
    {
        using var model = Seq2SeqTextModel.Load(family, GenerationFixture.Folder(family), GenerationFixture.Runtime, new BatchingOptions());
        var reference = GenerationFixture.Expected(family);
        var cases = reference.Cases;

        foreach (var c in cases)
        {
            Assert.Equal(c.InputIds, model.Encode(c.Text));
        }
        var greedy = await model.GenerateAsync(cases.Select(c => c.Text).ToArray(), Seq2SeqModelTests.Greedy(model.Generator.Model, reference), TestContext.Current.CancellationToken);
        var beam = await model.GenerateAsync(cases.Select(c => c.Text).ToArray(), Seq2SeqModelTests.Beam(model.Generator.Model, reference), TestContext.Current.CancellationToken);

        for (var i = 0; i < cases.Count; i++)
        {
            Assert.Equal(model.Decode(cases[i].Greedy).Trim(), greedy[i]);
            Assert.Equal(model.Decode(cases[i].Beam).Trim(), beam[i]);
        }
    }

    [Theory]
    [InlineData("marian")]
    [InlineData("bart")]
    [InlineData("t5")]
    public void Windows_TextLongerThanTheWindow_SplitAtSentencesNothingLost(string family)
    {
        using var model = Seq2SeqTextModel.Load(family, GenerationFixture.Folder(family), GenerationFixture.Runtime, new BatchingOptions(), maxInputTokens: 64);
        var sentences = GenerationFixture.Expected(family).Cases.Select(c => c.Text).ToArray();
        var text = string.Join(" ", Enumerable.Range(0, 250).Select(i => sentences[i % sentences.Length])); // about 5,000 words
        var whole = model.Encode(text);

        var windows = model.Windows(text);

        Assert.True(windows.Count > 10, $"{windows.Count} windows");
        Assert.All(windows, window => Assert.InRange(window.Length, 3, 64));
        var specials = model.Encode("").Length;
        // Every token of the text is in exactly one window: the windows hold as many as the text encoded whole, give or
        // take what a tokenizer does differently at the sentence joins (one space piece each at most).
        var inWindows = windows.Sum(w => w.Length - specials);
        Assert.InRange(inWindows, whole.Length - specials - 250, whole.Length - specials + 250);
    }

    [Fact]
    public async Task Generate_FiveThousandWords_EveryWindowGeneratedAndJoinedInOrder()
    {
        using var model = Seq2SeqTextModel.Load("marian", GenerationFixture.Folder("marian"), GenerationFixture.Runtime, new BatchingOptions(), maxInputTokens: 128);
        var sentences = GenerationFixture.Expected("marian").Cases.Select(c => c.Text).ToArray();
        var text = string.Join(" ", Enumerable.Range(0, 560).Select(i => sentences[i % sentences.Length]));
        var settings = model.Generator.Model.Settings with { NumBeams = 1, MaxNewTokens = 4 };

        var output = (await model.GenerateAsync([text], settings, TestContext.Current.CancellationToken)).Single();

        Assert.True(text.Split(' ').Length >= 5_000, $"{text.Split(' ').Length} words");
        var windows = model.Windows(text);
        Assert.True(windows.Count > 20, $"{windows.Count} windows");
        var perWindow = await model.Generator.GenerateAllAsync(windows, settings, TestContext.Current.CancellationToken);
        Assert.Equal(string.Join(" ", perWindow.Select(w => model.Decode(w.Ids).Trim()).Where(t => t.Length > 0)), output);
    }
}
