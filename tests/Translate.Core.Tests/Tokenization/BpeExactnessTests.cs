using Translate.Core.Tokenization.Bpe;
using HuggingFaceTokenizer = Tokenizers.DotNet.Tokenizer;

namespace Translate.Core.Tests.Tokenization;

/// <summary>
/// Our byte-level BPE ids against Hugging Face tokenizers (Rust, through Tokenizers.DotNet) on the committed BPE
/// fixture (tools/bpe/train_bpe.py: 600 merges on French manual pages and English fortunes; vocab.json and
/// merges.txt for ours, the tokenizer.json written beside them for Hugging Face).
/// </summary>
public sealed class BpeExactnessTests : IDisposable
{
    private const string NoShared = "the dev documents were not found: no shared/data/dev beside or above the repository, nor /work/shared (set TRANSLATE_SHARED to its folder)";

    private static readonly string Folder = SentencePieceReference.Fixture("bpe-fr-en-600");

    private readonly ByteLevelBpeTokenizer _ours = ByteLevelBpeTokenizer.FromFolder(Folder);
    private readonly HuggingFaceTokenizer _reference = new(Path.Combine(Folder, "tokenizer.json"));

    [Fact]
    public void DevDocumentsEnglish_Ids_EqualHuggingFace() => AssertAllEqual(RealSentences.DevEnglish, "English dev", NoShared);

    [Fact]
    public void DevDocumentsFrench_Ids_EqualHuggingFace() => AssertAllEqual(RealSentences.DevFrench, "French dev", NoShared);

    [Fact]
    public void FortunesEnglish_Ids_EqualHuggingFace() =>
        AssertAllEqual(RealSentences.Fortunes, "English fortunes", $"{RealSentences.FortunesDirectory} is absent (apt-get install fortunes)");

    [Fact]
    public void ManualPagesFrench_Ids_EqualHuggingFace() =>
        AssertAllEqual(RealSentences.FrenchManualPages, "French manual pages", $"{RealSentences.FrenchManualDirectory} is absent (apt-get install manpages-fr)");

    [Fact]
    public void AdversarialTexts_Ids_EqualHuggingFace() =>
        AssertAllEqual([.. SentencePieceAdversarialTexts.All.Select(entry => entry.Text)], "adversarial", "");

    private void AssertAllEqual(IReadOnlyList<string> texts, string set, string whyEmpty)
    {
        if (texts.Count == 0)
        {
            Assert.Skip(whyEmpty);
        }
        var differences = new List<string>();
        var tokens = 0;
        foreach (var text in texts)
        {
            var ours = _ours.EncodeToIds(text);
            // Rust strings cannot hold a lone surrogate: compare on the text as UTF-8 would carry it (U+FFFD).
            var reference = Array.ConvertAll(_reference.Encode(AdversarialTexts.ReplaceLoneSurrogates(text)), id => (int)id);
            tokens += reference.Length;
            if (!ours.AsSpan().SequenceEqual(reference))
            {
                differences.Add($"'{(text.Length > 60 ? text[..60] + "…" : text)}': ours [{string.Join(' ', ours.Take(30))}], Hugging Face [{string.Join(' ', reference.Take(30))}]");
            }
        }
        TestContext.Current.SendDiagnosticMessage($"BPE {set}: {texts.Count} texts, {tokens} tokens, {texts.Count - differences.Count} equal");
        Assert.True(differences.Count == 0, $"{differences.Count} of {texts.Count} differ:\n" + string.Join('\n', differences.Take(20)));
    }

    public void Dispose() => _reference.Dispose();
}
