using System.Globalization;
using Translate.Core.Inference;
using Translate.Core.Inference.Batching;
using Translate.Core.Models;
using Translate.Core.Tests.Tokenization;
using Translate.Core.Tokenization.WordPiece;

namespace Translate.Core.Tests.Models;

/// <summary>
/// The MiniLM path moved from Microsoft.ML.Tokenizers to our WordPiece: on sentences without the symbols that
/// Microsoft.ML.Tokenizers drops, ids and embeddings are the same. It drops every symbol (Unicode S*: $ € ¢ = + &lt; &gt; |
/// and also ` ^ ~ © ° ™), which Hugging Face keeps as tokens.
/// </summary>
public sealed class MiniLmEmbeddingTests
{
    private static bool HasSymbolMlNetDrops(string sentence) =>
        sentence.Any(c => char.GetUnicodeCategory(c) is UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol
            or UnicodeCategory.ModifierSymbol or UnicodeCategory.OtherSymbol);

    [Fact]
    public async Task OrdinarySentences_NewTokenizer_GivesTheSameIdsAndEmbeddingsAsMicrosoftMl()
    {
        var sentences = OrdinarySentences();
        var (model, vocabulary) = EmbeddedMiniLm.Load();
        var old = new MlNetBertTokenizer(new MemoryStream(vocabulary));
        var ours = WordPieceTokenizer.Create(new MemoryStream(vocabulary));
        var runtime = new OnnxRuntimeOptions { IntraOpThreads = 1 };
        using var oldEncoder = new SentenceEncoder("minilm-mlnet", model, old, runtime, new SentenceEncoderOptions(), new BatchingOptions());
        using var newEncoder = new SentenceEncoder("minilm-wordpiece", model, ours, runtime, new SentenceEncoderOptions(), new BatchingOptions());

        foreach (var sentence in sentences)
        {
            List<int> oldIds = [], newIds = [];
            old.Encode(sentence, oldIds);
            ours.Encode(sentence, newIds);
            Assert.True(oldIds.SequenceEqual(newIds), $"Ids differ for: {sentence}");
        }
        var before = await oldEncoder.EmbedAsync(sentences, TestContext.Current.CancellationToken);
        var after = await newEncoder.EmbedAsync(sentences, TestContext.Current.CancellationToken);

        for (var s = 0; s < sentences.Count; s++)
        {
            Assert.Equal(before[s], after[s]);
        }
        TestContext.Current.SendDiagnosticMessage($"{sentences.Count} sentences: ids and embeddings equal.");
    }

    [Fact]
    public void SentenceWithDollarSign_NewTokenizer_KeepsTheSymbolMicrosoftMlDrops()
    {
        var vocabulary = EmbeddedMiniLm.Load().Vocabulary;
        var old = new MlNetBertTokenizer(new MemoryStream(vocabulary));
        var ours = WordPieceTokenizer.Create(new MemoryStream(vocabulary));
        List<int> oldIds = [], newIds = [];

        old.Encode("It costs $5.", oldIds);
        ours.Encode("It costs $5.", newIds);

        Assert.Equal(["it", "costs", "$", "5", "."], newIds.Select(ours.GetPiece));
        Assert.Equal(["it", "costs", "5", "."], oldIds.Select(ours.GetPiece));
    }

    // Real English sentences when shared/ or the fortunes are there, and always the committed sample article.
    private static List<string> OrdinarySentences()
    {
        var sample = Path.Combine(FindRepository(), "tests", "data", "xi-kim-article.txt");
        var sentences = File.ReadAllLines(sample).Where(line => line.Trim().Length > 0).ToList();
        sentences.AddRange(RealSentences.English.Take(300));
        // Ordinary prose: no symbols Microsoft.ML.Tokenizers drops, and no tabs or other control characters
        // (fortunes' tab-aligned tables, where it splits differently too).
        return [.. sentences.Where(sentence => !HasSymbolMlNetDrops(sentence) && !sentence.Any(char.IsControl))];
    }

    private static string FindRepository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Translate.sln")))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException("Translate.sln was not found above the test binaries.");
    }
}
