using System.Text;

namespace Translate.Core.Tokenization.WordPiece.Model;

/// <summary>
/// A WordPiece vocabulary (BERT's vocab.txt: one piece a line, the id is the line number). "##" continuations are
/// keyed without their prefix (under another hash seed), so a span of the word is looked up as it is, without
/// building "##" + piece.
/// </summary>
internal sealed class WordPieceVocabulary
{
    public const string ContinuationPrefix = "##";

    private readonly Dictionary<string, int> _initial;
    private readonly Dictionary<string, int> _continuation;
    private readonly PieceTable _table;
    private readonly string[] _pieces;

    private WordPieceVocabulary(string[] pieces)
    {
        _pieces = pieces;
        _initial = new Dictionary<string, int>(pieces.Length, StringComparer.Ordinal);
        _continuation = new Dictionary<string, int>(pieces.Length / 4, StringComparer.Ordinal);
        for (var id = 0; id < pieces.Length; id++)
        {
            var piece = pieces[id];
            // A later duplicate wins, as in Hugging Face's WordPiece::read_file (HashMap::insert).
            if (piece.StartsWith(ContinuationPrefix, StringComparison.Ordinal))
            {
                var rest = piece[ContinuationPrefix.Length..];
                _continuation[rest] = id;
                MaxContinuationLength = Math.Max(MaxContinuationLength, rest.Length);
            }
            // Every piece is also a word-initial key, as in Hugging Face's single map; "##…" ones never match there,
            // since a word never starts with '#' (punctuation stands alone).
            _initial[piece] = id;
            MaxInitialLength = Math.Max(MaxInitialLength, piece.Length);
        }
        _table = new PieceTable(
            _initial.Select(entry => (entry.Key, false, entry.Value)).Concat(_continuation.Select(entry => (entry.Key, true, entry.Value))));
    }

    public int Count => _pieces.Length;

    /// <summary>Longest word-initial piece in UTF-16 units: no longer span can match.</summary>
    public int MaxInitialLength { get; }

    /// <summary>Longest continuation piece, prefix excluded, in UTF-16 units.</summary>
    public int MaxContinuationLength { get; }

    public string this[int id] => _pieces[id];

    /// <summary>Reads vocab.txt: UTF-8, one piece a line, CR LF or LF.</summary>
    public static WordPieceVocabulary Read(Stream stream)
    {
        using var reader = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        var pieces = new List<string>(32_000);
        while (reader.ReadLine() is { } line)
        {
            pieces.Add(line);
        }
        // A final newline ends the last piece; it does not start an empty one.
        if (pieces.Count == 0)
        {
            throw new InvalidDataException("The WordPiece vocabulary is empty.");
        }
        return new WordPieceVocabulary([.. pieces]);
    }

    public bool TryGetId(string piece, out int id) => _initial.TryGetValue(piece, out id);

    /// <summary>The id of a word-initial piece, or -1.</summary>
    public int FindInitial(ReadOnlySpan<char> piece) => _table.Find(PieceTable.Hash(PieceTable.InitialSeed, piece), piece);

    /// <summary>The id of "##" + <paramref name="piece"/>, or -1.</summary>
    public int FindContinuation(ReadOnlySpan<char> piece) => _table.Find(PieceTable.Hash(PieceTable.ContinuationSeed, piece), piece);

    /// <summary>The id of the piece hashed as <paramref name="hash"/> (see <see cref="PieceTable.Extend"/>), or -1.</summary>
    public int Find(ulong hash, ReadOnlySpan<char> piece) => _table.Find(hash, piece);
}
