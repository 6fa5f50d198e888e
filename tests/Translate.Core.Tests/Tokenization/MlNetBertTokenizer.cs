using Microsoft.ML.Tokenizers;
using Translate.Core.Tokenization;

namespace Translate.Core.Tests.Tokenization;

/// <summary>
/// BERT uncased WordPiece through Microsoft.ML.Tokenizers, as all-MiniLM-L6-v2 was trained with: lower-cased,
/// accents stripped, punctuation and CJK characters split. It drops every symbol (Unicode S*: $ € = + and the like),
/// where Hugging Face keeps them. Replaced by <see cref="WordPiece.WordPieceTokenizer"/> in the runtime; kept as
/// the reference that the MiniLM embedding comparison runs against.
/// </summary>
internal sealed class MlNetBertTokenizer : ITokenizer
{
    private readonly BertTokenizer _tokenizer;

    public MlNetBertTokenizer(Stream vocabulary)
    {
        _tokenizer = BertTokenizer.Create(vocabulary, new BertOptions
        {
            LowerCaseBeforeTokenization = true,
            RemoveNonSpacingMarks = true,
            ApplyBasicTokenization = true,
            IndividuallyTokenizeCjk = true,
            SplitOnSpecialTokens = true,
        });
    }

    public int ClassificationId => _tokenizer.ClassificationTokenId;

    public int SeparatorId => _tokenizer.SeparatorTokenId;

    public int PaddingId => _tokenizer.PaddingTokenId;

    public RowTokens RowTokens => new([ClassificationId], [SeparatorId]);

    public void Encode(string text, List<int> ids) => ids.AddRange(_tokenizer.EncodeToIds(text, addSpecialTokens: false));
}
