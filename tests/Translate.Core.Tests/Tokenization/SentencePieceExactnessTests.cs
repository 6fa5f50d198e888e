using System.Text.Json;
using Translate.Core.Tokenization.SentencePiece;

namespace Translate.Core.Tests.Tokenization;

/// <summary>
/// Our SentencePiece ids against Google's sentencepiece (Debian's spm_encode) on real sentences and the adversarial
/// set, with four models: the committed French unigram (trained with spm_train: byte_fallback, user-defined and
/// control symbols), Google's English and Japanese test models, and the real Marian opus-mt-uk-en source.spm and
/// target.spm (raw piece ids, and through vocab.json as Hugging Face's MarianTokenizer maps them).
/// </summary>
public sealed class SentencePieceExactnessTests
{
    private const string NoShared = "the dev documents were not found: no shared/data/dev beside or above the repository, nor /work/shared (set TRANSLATE_SHARED to its folder)";
    private const string NoFortunes = $"{RealSentences.FortunesDirectory} is absent (apt-get install fortunes)";
    private const string NoManualPages = $"{RealSentences.FrenchManualDirectory} is absent (apt-get install manpages-fr)";
    private const string Marian = "marian-opus-mt-uk-en-tokenizer";
    private const string GoogleTest = "sentencepiece-test";

    public static TheoryData<string> AdversarialModels => ["fr", "test", "test_ja", "marian-source", "marian-target", "marian-source-vocab", "marian-target-vocab"];

    [Fact]
    public void FrenchFixture_DevDocumentsFrench_IdsEqualSpmEncode() => AssertAllEqual("fr", RealSentences.DevFrench, NoShared);

    [Fact]
    public void FrenchFixture_ManualPagesFrench_IdsEqualSpmEncode() => AssertAllEqual("fr", RealSentences.FrenchManualPages, NoManualPages);

    [Fact]
    public void GoogleTestModel_DevDocumentsEnglish_IdsEqualSpmEncode() => AssertAllEqual("test", RealSentences.DevEnglish, NoShared);

    [Fact]
    public void GoogleTestModel_FortunesEnglish_IdsEqualSpmEncode() => AssertAllEqual("test", RealSentences.Fortunes, NoFortunes);

    [Fact]
    public void GoogleJapaneseModel_DevDocumentsEnglish_IdsEqualSpmEncode() => AssertAllEqual("test_ja", RealSentences.DevEnglish, NoShared);

    [Fact]
    public void MarianTarget_DevDocumentsEnglish_IdsEqualSpmEncode() => AssertAllEqual("marian-target", RealSentences.DevEnglish, NoShared);

    [Fact]
    public void MarianTarget_FortunesEnglish_IdsEqualSpmEncode() => AssertAllEqual("marian-target", RealSentences.Fortunes, NoFortunes);

    [Fact]
    public void MarianTargetVocab_DevDocumentsEnglish_IdsEqualSpmEncodeThroughVocab() => AssertAllEqual("marian-target-vocab", RealSentences.DevEnglish, NoShared);

    [Fact]
    public void MarianTargetVocab_FortunesEnglish_IdsEqualSpmEncodeThroughVocab() => AssertAllEqual("marian-target-vocab", RealSentences.Fortunes, NoFortunes);

    [Fact]
    public void MarianSourceVocab_ManualPagesFrench_IdsEqualSpmEncodeThroughVocab() => AssertAllEqual("marian-source-vocab", RealSentences.FrenchManualPages, NoManualPages);

    [Theory]
    [MemberData(nameof(AdversarialModels))]
    public void AdversarialTexts_Ids_EqualSpmEncode(string model) =>
        AssertAllEqual(model, SentencePieceAdversarialTexts.Lines, "");

    [Theory]
    [InlineData("fr")]
    [InlineData("test")]
    [InlineData("marian-target")]
    public void Decode_IdsOfRealAndAdversarialTexts_EqualSpmDecode(string model)
    {
        SentencePieceReference.RequireSpmEncode();
        var (ours, path, _) = Load(model);
        var lines = RealSentences.DevEnglish.Concat(RealSentences.DevFrench).Concat(SentencePieceAdversarialTexts.Lines).ToList();
        // Unknown pieces are left out: spm_decode writes them as " ⁇ ", Hugging Face's skip_special_tokens drops them.
        var ids = lines.Select(line => ours.EncodeToIds(line)).Where(line => !line.Contains(ours.UnknownId)).ToList();
        var reference = SentencePieceReference.Decode(path, ids);
        var differences = new List<string>();
        for (var i = 0; i < ids.Count; i++)
        {
            var text = ours.Decode(ids[i]);
            if (text != reference[i])
            {
                differences.Add($"ours '{Shorten(text)}', spm_decode '{Shorten(reference[i])}'");
            }
        }
        TestContext.Current.SendDiagnosticMessage($"{model} decode: {ids.Count} lines, {ids.Count - differences.Count} equal");
        Assert.True(differences.Count == 0, $"{differences.Count} of {ids.Count} differ:\n" + string.Join('\n', differences.Take(20)));
    }

    internal static (SentencePieceTokenizer Ours, string ModelPath, Dictionary<string, int>? Vocabulary) Load(string model)
    {
        string? path = model switch
        {
            "fr" => SentencePieceReference.Fixture("fr-unigram-2000.model"),
            "test" => SentencePieceReference.SharedModel($"{GoogleTest}/test_model.model"),
            "test_ja" => SentencePieceReference.SharedModel($"{GoogleTest}/test_ja_model.model"),
            "marian-source" or "marian-source-vocab" => SentencePieceReference.SharedModel($"{Marian}/source.spm"),
            "marian-target" or "marian-target-vocab" => SentencePieceReference.SharedModel($"{Marian}/target.spm"),
            _ => throw new ArgumentOutOfRangeException(nameof(model)),
        };
        if (path is null)
        {
            Assert.Skip($"the model '{model}' was not found in shared/models (read from ../shared or /work/shared at test time, never committed)");
        }
        if (!model.EndsWith("-vocab", StringComparison.Ordinal))
        {
            return (SentencePieceTokenizer.FromFile(path), path, null);
        }
        var vocabularyPath = Path.Combine(Path.GetDirectoryName(path)!, "vocab.json");
        var vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(vocabularyPath))!;
        return (SentencePieceTokenizer.FromFile(path, vocabularyPath), path, vocabulary);
    }

    private static void AssertAllEqual(string model, IReadOnlyList<string> texts, string whyEmpty)
    {
        SentencePieceReference.RequireSpmEncode();
        var (ours, path, vocabulary) = Load(model);
        if (texts.Count == 0)
        {
            Assert.Skip(whyEmpty);
        }
        // spm_encode reads lines: texts are compared line by line.
        var lines = texts.SelectMany(text => text.Split('\n')).ToList();
        var reference = SentencePieceReference.Ids(path, lines.Select(AdversarialTexts.ReplaceLoneSurrogates).ToList(), vocabulary);
        var differences = new List<string>();
        var tokens = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var actual = ours.EncodeToIds(lines[i]);
            tokens += reference[i].Length;
            if (!actual.AsSpan().SequenceEqual(reference[i]))
            {
                differences.Add($"'{Shorten(lines[i])}': ours [{string.Join(' ', actual.Take(30))}], spm_encode [{string.Join(' ', reference[i].Take(30))}]");
            }
        }
        TestContext.Current.SendDiagnosticMessage($"{model}: {lines.Count} lines, {tokens} tokens, {lines.Count - differences.Count} equal");
        Assert.True(differences.Count == 0, $"{differences.Count} of {lines.Count} lines differ:\n" + string.Join('\n', differences.Take(20)));
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
