using System.Text;
using Translate.Core.Models;
using Translate.Core.Tests.Tokenization;
using Translate.Core.Tokenization.WordPiece;
using BertOptions = Microsoft.ML.Tokenizers.BertOptions;
using FastBert = FastBertTokenizer.BertTokenizer;
using HuggingFaceTokenizer = Tokenizers.DotNet.Tokenizer;
using MlNetBert = Microsoft.ML.Tokenizers.BertTokenizer;

namespace Translate.Benchmarks;

/// <summary>The four tokenizers, each loaded from all-MiniLM-L6-v2's vocab.txt with BERT uncased settings.</summary>
internal static class Tokenizers
{
    private static readonly byte[] Vocabulary = EmbeddedMiniLm.Load().Vocabulary;

    public static WordPieceTokenizer Ours() => WordPieceTokenizer.Create(new MemoryStream(Vocabulary));

    public static FastBert FastBert()
    {
        var tokenizer = new FastBert();
        using var reader = new StreamReader(new MemoryStream(Vocabulary));
        tokenizer.LoadVocabulary(reader, true, "[UNK]", "[CLS]", "[SEP]", "[PAD]", NormalizationForm.FormD);
        return tokenizer;
    }

    public static MlNetBert MlNet() => MlNetBert.Create(new MemoryStream(Vocabulary), new BertOptions
    {
        LowerCaseBeforeTokenization = true,
        RemoveNonSpacingMarks = true,
        ApplyBasicTokenization = true,
        IndividuallyTokenizeCjk = true,
        SplitOnSpecialTokens = true,
    });

    /// <summary>Hugging Face tokenizers from a tokenizer.json written to a temporary file (deleted by the caller).</summary>
    public static HuggingFaceTokenizer HuggingFace(out string directory)
    {
        directory = Directory.CreateTempSubdirectory("translate-bench-").FullName;
        var path = Path.Combine(directory, "tokenizer.json");
        File.WriteAllBytes(path, HuggingFaceReference.WriteTokenizerJson(Vocabulary));
        return new HuggingFaceTokenizer(path);
    }
}
