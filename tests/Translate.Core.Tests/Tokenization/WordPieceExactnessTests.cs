
namespace Translate.Core.Tests.Tokenization;

/// <summary>Our WordPiece ids against Hugging Face tokenizers (Rust) on real sentences and on the adversarial set.</summary>
public sealed class WordPieceExactnessTests(HuggingFaceReference hf) : IClassFixture<HuggingFaceReference>
{
    private const string NoShared = "the dev documents were not found: no shared/data/dev beside or above the repository, nor /work/shared (set TRANSLATE_SHARED to its folder)";

    [Fact]
    public void DevDocumentsEnglish_Ids_EqualHuggingFace() => AssertAllEqual(RealSentences.DevEnglish, "English dev-document", NoShared);

    [Fact]
    public void DevDocumentsFrench_Ids_EqualHuggingFace() => AssertAllEqual(RealSentences.DevFrench, "French dev-document", NoShared);

    [Fact]
    public void FortunesEnglish_Ids_EqualHuggingFace() =>
        AssertAllEqual(RealSentences.Fortunes, "English fortune", $"{RealSentences.FortunesDirectory} is absent (apt-get install fortunes)");

    [Fact]
    public void ManualPagesFrench_Ids_EqualHuggingFace() =>
        AssertAllEqual(RealSentences.FrenchManualPages, "French manual-page", $"{RealSentences.FrenchManualDirectory} is absent (apt-get install manpages-fr)");

    [Fact]
    public void AdversarialTexts_Ids_EqualHuggingFace()
    {
        var differences = new List<string>();
        foreach (var (name, text) in AdversarialTexts.All)
        {
            var ours = hf.Ours.EncodeToIds(text);
            // Rust strings cannot hold a lone surrogate (Tokenizers.DotNet refuses the text); UTF-8 encoding turns
            // it into U+FFFD, which BertNormalizer drops, as we drop the lone surrogate itself.
            var reference = hf.Reference(AdversarialTexts.ReplaceLoneSurrogates(text));
            if (!ours.AsSpan().SequenceEqual(reference))
            {
                differences.Add($"{name}: ours [{string.Join(' ', ours.Take(40))}], Hugging Face [{string.Join(' ', reference.Take(40))}]");
            }
        }
        Assert.True(differences.Count == 0, string.Join('\n', differences));
        Assert.True(AdversarialTexts.All.Count >= 40);
    }

    private void AssertAllEqual(IReadOnlyList<string> sentences, string language, string whyNone)
    {
        if (sentences.Count == 0)
        {
            Assert.Skip($"No {language} sentences to compare: {whyNone}.");
        }
        var differences = new List<string>();
        long tokens = 0;
        foreach (var sentence in sentences)
        {
            var ours = hf.Ours.EncodeToIds(sentence);
            var reference = hf.Reference(sentence);
            tokens += reference.Length;
            if (!ours.AsSpan().SequenceEqual(reference))
            {
                differences.Add($"{sentence}\n  ours [{string.Join(' ', ours)}]\n  Hugging Face [{string.Join(' ', reference)}]");
            }
        }
        TestContext.Current.SendDiagnosticMessage($"{language}: {sentences.Count} sentences, {tokens} tokens, {sentences.Count - differences.Count} equal.");
        Assert.True(differences.Count == 0, $"{differences.Count} of {sentences.Count} {language} sentences differ:\n{string.Join('\n', differences.Take(20))}");
    }
}
