using System.Text;
using System.Text.Json;
using Translate.Core.Models;
using Translate.Core.Tokenization.WordPiece;
using HuggingFaceTokenizer = Tokenizers.DotNet.Tokenizer;

namespace Translate.Core.Tests.Tokenization;

/// <summary>
/// all-MiniLM-L6-v2's vocabulary as our tokenizer and as Hugging Face's (Rust, through Tokenizers.DotNet), the
/// latter from a tokenizer.json written here in the format BertTokenizerFast saves for bert-base-uncased.
/// </summary>
public sealed class HuggingFaceReference : IDisposable
{
    private readonly HuggingFaceTokenizer _reference;
    private readonly string _directory;
    private readonly Lock _gate = new();

    public HuggingFaceReference()
    {
        var vocabulary = EmbeddedMiniLm.Load().Vocabulary;
        Ours = WordPieceTokenizer.Create(new MemoryStream(vocabulary));
        _directory = Directory.CreateTempSubdirectory("translate-wordpiece-").FullName;
        var path = Path.Combine(_directory, "tokenizer.json");
        File.WriteAllBytes(path, WriteTokenizerJson(vocabulary));
        _reference = new HuggingFaceTokenizer(path);
    }

    public WordPieceTokenizer Ours { get; }

    /// <summary>Hugging Face's ids for <paramref name="text"/>, without special tokens (the tokenizer.json has no post-processor).</summary>
    public int[] Reference(string text)
    {
        lock (_gate)
        {
            return Array.ConvertAll(_reference.Encode(text), id => (int)id);
        }
    }

    /// <summary>A tokenizer.json for BERT uncased: BertNormalizer, BertPreTokenizer, WordPiece, the five special tokens added.</summary>
    public static byte[] WriteTokenizerJson(byte[] vocabularyText)
    {
        var pieces = new List<string>();
        using (var reader = new StreamReader(new MemoryStream(vocabularyText), Encoding.UTF8))
        {
            while (reader.ReadLine() is { } line)
            {
                pieces.Add(line);
            }
        }
        var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("version", "1.0");
            json.WriteNull("truncation");
            json.WriteNull("padding");
            json.WriteStartArray("added_tokens");
            foreach (var special in (string[])["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"])
            {
                json.WriteStartObject();
                json.WriteNumber("id", pieces.IndexOf(special));
                json.WriteString("content", special);
                json.WriteBoolean("single_word", false);
                json.WriteBoolean("lstrip", false);
                json.WriteBoolean("rstrip", false);
                json.WriteBoolean("normalized", false);
                json.WriteBoolean("special", true);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartObject("normalizer");
            json.WriteString("type", "BertNormalizer");
            json.WriteBoolean("clean_text", true);
            json.WriteBoolean("handle_chinese_chars", true);
            json.WriteNull("strip_accents");
            json.WriteBoolean("lowercase", true);
            json.WriteEndObject();
            json.WriteStartObject("pre_tokenizer");
            json.WriteString("type", "BertPreTokenizer");
            json.WriteEndObject();
            json.WriteNull("post_processor");
            json.WriteStartObject("decoder");
            json.WriteString("type", "WordPiece");
            json.WriteString("prefix", "##");
            json.WriteBoolean("cleanup", true);
            json.WriteEndObject();
            json.WriteStartObject("model");
            json.WriteString("type", "WordPiece");
            json.WriteString("unk_token", "[UNK]");
            json.WriteString("continuing_subword_prefix", "##");
            json.WriteNumber("max_input_chars_per_word", 100);
            json.WriteStartObject("vocab");
            for (var id = 0; id < pieces.Count; id++)
            {
                json.WriteNumber(pieces[id], id);
            }
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return stream.ToArray();
    }

    public void Dispose()
    {
        _reference.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
