using Translate.Core.Inference;
using Translate.Core.Inference.Batching;
using Translate.Core.Models;
using Translate.Core.Tokenization.WordPiece;

namespace Translate.Core.Tests.Models;

/// <summary>The embedded all-MiniLM-L6-v2, read once for every test that needs the real model.</summary>
internal static class MiniLmFixture
{
    private static readonly Lazy<(byte[] Model, byte[] Vocabulary)> Files = new(() => EmbeddedMiniLm.Load());

    public static byte[] Model => Files.Value.Model;

    public static WordPieceTokenizer CreateTokenizer()
    {
        using var vocabulary = new MemoryStream(Files.Value.Vocabulary);
        return WordPieceTokenizer.Create(vocabulary);
    }

    public static SentenceEncoder CreateEncoder(string name, BatchingOptions batching) =>
        new(name, Model, CreateTokenizer(), new OnnxRuntimeOptions { IntraOpThreads = 1 }, new SentenceEncoderOptions(), batching);
}
