using Translate.Core.Inference;
using Translate.Core.Inference.Batching;
using Translate.Core.Inference.Generation;
using Translate.Core.Text;
using Translate.Core.Tokenization;

namespace Translate.Core.Models;

/// <summary>
/// Text in, text out, through a seq2seq export: the family's tokenizer with its special tokens (Marian: ids then
/// &lt;/s&gt;; T5: ids then &lt;/s&gt;; BART: &lt;s&gt; ids &lt;/s&gt;), the generator behind its dynamic batcher, and the
/// decoder's detokenizer. A text longer than the model's window is cut at sentence boundaries (inside an overlong
/// sentence, at word boundaries) into windows that fit, each generated on its own and the outputs joined in order:
/// nothing is truncated.
/// </summary>
public sealed class Seq2SeqTextModel : IAsyncDisposable, IDisposable
{
    private readonly ITokenizer _source;
    private readonly IDetokenizer _target;
    private readonly int[] _prefix;
    private readonly int[] _suffix;

    private Seq2SeqTextModel(string name, Seq2SeqGenerator generator, ITokenizer source, IDetokenizer target, int maxInputTokens)
    {
        Name = name;
        Generator = generator;
        _source = source;
        _target = target;
        _prefix = source.RowTokens.Prefix;
        _suffix = source.RowTokens.Suffix;
        MaxInputTokens = maxInputTokens;
    }

    public string Name { get; }

    public Seq2SeqGenerator Generator { get; }

    /// <summary>Most tokens of one window, special tokens included.</summary>
    public int MaxInputTokens { get; }

    public ModelFamily Family => Generator.Model.Architecture.Family;

    /// <summary>Loads a Marian, BART or T5 export with its tokenizer files.</summary>
    /// <param name="maxInputTokens">The window; null for the model's position table (T5, which has none: 512).</param>
    public static Seq2SeqTextModel Load(string name, string folder, OnnxRuntimeOptions runtime, BatchingOptions batching, int? maxInputTokens = null)
    {
        var model = Seq2SeqModel.Load(folder, runtime);
        try
        {
            // BART's learned positions start at offset 2: the table holds MaxPositions usable places.
            var window = maxInputTokens ?? model.Architecture.MaxPositions ?? 512;
            var generator = new Seq2SeqGenerator(name, model, batching);
            var (source, target) = model.Architecture.Family switch
            {
                // Marian: a source and a target SentencePiece model over one vocab.json.
                ModelFamily.Marian => (TokenizerFolder.LoadDetokenizer(folder, TokenizerKind.SentencePiece), TokenizerFolder.LoadDetokenizer(folder, TokenizerKind.SentencePiece, target: true)),
                ModelFamily.T5 => Same(TokenizerFolder.LoadDetokenizer(folder, TokenizerKind.SentencePiece)),
                ModelFamily.Bart => Same(TokenizerFolder.LoadDetokenizer(folder, TokenizerKind.ByteLevelBpe)),
                var family => throw new InvalidDataException($"{folder}: model_type '{family.Name()}' has no tokenizer here."),
            };
            return new Seq2SeqTextModel(name, generator, source, target, window);
        }
        catch
        {
            model.Dispose();
            throw;
        }

        static (IDetokenizer, IDetokenizer) Same(IDetokenizer tokenizer) => (tokenizer, tokenizer);
    }

    /// <summary>The text of generated ids, special tokens left out.</summary>
    public string Decode(int[] ids) => _target.Decode(ids);

    /// <summary>The model's input ids for a text that fits one window (special tokens included).</summary>
    public int[] Encode(string text) => [.. _prefix, .. Encode(_source, text), .. _suffix];

    private static int[] Encode(ITokenizer tokenizer, string text)
    {
        var ids = new List<int>();
        tokenizer.Encode(text, ids);
        return [.. ids];
    }

    /// <summary>Generates for each text; each long text is windowed and its outputs joined.</summary>
    public async Task<string[]> GenerateAsync(IReadOnlyList<string> texts, GenerationSettings? settings = null, CancellationToken cancellationToken = default)
    {
        var windows = new List<(int Text, int[] Ids)>();
        for (var t = 0; t < texts.Count; t++)
        {
            foreach (var window in Windows(texts[t]))
            {
                windows.Add((t, window));
            }
        }
        var outputs = await Generator.GenerateAllAsync(windows.Select(w => w.Ids).ToArray(), settings, cancellationToken).ConfigureAwait(false);
        var parts = new List<string>[texts.Count];
        for (var w = 0; w < windows.Count; w++)
        {
            (parts[windows[w].Text] ??= []).Add(_target.Decode(outputs[w].Ids).Trim());
        }
        return parts.Select(p => p is null ? string.Empty : string.Join(" ", p.Where(s => s.Length > 0))).ToArray();
    }

    /// <summary>The text's windows: whole sentences packed while they fit; an overlong sentence cut at words.</summary>
    public IReadOnlyList<int[]> Windows(string text)
    {
        var whole = Encode(text);
        if (whole.Length <= MaxInputTokens)
        {
            return [whole];
        }
        var budget = MaxInputTokens - _prefix.Length - _suffix.Length;
        var windows = new List<int[]>();
        var current = new List<int>();
        foreach (var piece in Pieces(text, budget))
        {
            if (current.Count > 0 && current.Count + piece.Length > budget)
            {
                windows.Add([.. _prefix, .. current, .. _suffix]);
                current.Clear();
            }
            current.AddRange(piece);
        }
        if (current.Count > 0)
        {
            windows.Add([.. _prefix, .. current, .. _suffix]);
        }
        return windows;
    }

    /// <summary>Sentences as token ids; a sentence over the budget becomes runs of words that fit.</summary>
    private IEnumerable<int[]> Pieces(string text, int budget)
    {
        foreach (var sentence in SentenceSplitter.Default.Split(text))
        {
            var ids = Encode(_source, sentence.TextOf(text));
            if (ids.Length <= budget)
            {
                yield return ids;
                continue;
            }
            var words = sentence.TextOf(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var run = new List<string>();
            var runTokens = 0;
            foreach (var word in words)
            {
                var count = Encode(_source, word).Length;
                if (run.Count > 0 && runTokens + count > budget)
                {
                    yield return Encode(_source, string.Join(' ', run));
                    run.Clear();
                    runTokens = 0;
                }
                if (count > budget)
                {
                    // A single "word" longer than the window (a URL, a table): its tokens in window-sized slices.
                    var wordIds = Encode(_source, word);
                    for (var start = 0; start < wordIds.Length; start += budget)
                    {
                        yield return wordIds[start..Math.Min(wordIds.Length, start + budget)];
                    }
                    continue;
                }
                run.Add(word);
                runTokens += count;
            }
            if (run.Count > 0)
            {
                yield return Encode(_source, string.Join(' ', run));
            }
        }
    }

    public ValueTask DisposeAsync() => Generator.DisposeAsync();

    public void Dispose() => Generator.Dispose();
}
