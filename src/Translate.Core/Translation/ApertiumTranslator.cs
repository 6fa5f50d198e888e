using System.Diagnostics;
using System.Text;
using Translate.Core.Language;
using Translate.Core.Models;

namespace Translate.Core.Translation;

/// <summary>
/// Rule-based translation with Debian's Apertium packages, as a fallback where no ONNX translation model is
/// installed. Each direction runs as one long-lived pipeline of Apertium's programs in null-flush mode: a segment
/// goes in followed by NUL and its translation comes out followed by NUL, so the dictionaries load once, not per
/// call. Text is sent in Apertium's stream format (escaped by us, not by its deformatter) so that protected
/// spans travel as "superblanks", which every stage passes through untouched: "Kim Jong Un" stays "Kim Jong Un"
/// instead of becoming "Kim Jong A".
/// </summary>
public sealed class ApertiumTranslator : ITranslator, IDisposable
{
    private readonly ApertiumOptions _options;
    private readonly Dictionary<LanguagePair, ApertiumPool> _pipelines = [];

    private ApertiumTranslator(ApertiumOptions options, IReadOnlyDictionary<LanguagePair, string[]> directions)
    {
        _options = options;
        foreach (var (direction, modes) in directions)
        {
            _pipelines[direction] = new ApertiumPool(modes, TimeSpan.FromSeconds(options.TimeoutSeconds), options.ProcessesPerDirection);
        }
    }

    public string EngineFor(LanguagePair direction) =>
        _pipelines.TryGetValue(direction, out var pipeline) ? EngineName.Apertium(pipeline.Route) : EngineName.Apertium();

    /// <summary>The directions available on this machine ("fr-en").</summary>
    public IReadOnlyCollection<LanguagePair> Directions => _pipelines.Keys;

    /// <summary>
    /// The translator for every configured direction whose modes are installed, or null with the reason when
    /// Apertium is disabled or not installed.
    /// </summary>
    public static ApertiumTranslator? TryCreate(ApertiumOptions options, out string reason)
    {
        if (!options.Enabled)
        {
            reason = "disabled (Processing:Apertium:Enabled=false)";
            return null;
        }
        if (FindOnPath("apertium-wblank-mode") is null)
        {
            reason = "not installed (apt-get install apertium apertium-fr-es apertium-eng-spa)";
            return null;
        }
        var directions = new Dictionary<LanguagePair, string[]>();
        var missing = new List<string>();
        foreach (var (direction, pipeline) in options.Pipelines)
        {
            var modes = pipeline.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(mode => Path.Combine(options.ModesDirectory, mode + ".mode"))
                .ToArray();
            var absent = modes.Where(mode => !File.Exists(mode)).ToArray();
            if (absent.Length == 0 && modes.Length > 0)
            {
                directions[LanguagePair.Parse(direction, $"Processing:Apertium:Pipelines:{direction}")] = modes;
            }
            else
            {
                missing.Add($"{direction} needs {string.Join(", ", absent)}");
            }
        }
        if (directions.Count == 0)
        {
            reason = $"no language pair installed ({string.Join("; ", missing)})";
            return null;
        }
        reason = missing.Count == 0 ? "ready" : $"partly installed: {string.Join("; ", missing)}";
        return new ApertiumTranslator(options, directions);
    }

    public bool Supports(LanguagePair direction) => _pipelines.ContainsKey(direction);

    public async Task<IReadOnlyList<string>> TranslateAsync(IReadOnlyList<TranslationSegment> segments, LanguagePair direction, CancellationToken cancellationToken)
    {
        if (!_pipelines.TryGetValue(direction, out var pipeline))
        {
            throw new NotSupportedException($"Apertium has no {direction.Source}->{direction.Target} pipeline here; it has {string.Join(", ", _pipelines.Keys)}.");
        }
        // Segments go to the direction's pipelines as they come free: in order with one, side by side with more.
        var outputs = await Task.WhenAll(segments.Select(segment => pipeline.TranslateAsync(ToStream(segment), cancellationToken))).ConfigureAwait(false);
        return [.. outputs.Select(output => FromStream(output).Trim())];
    }

    public void Dispose()
    {
        foreach (var pipeline in _pipelines.Values)
        {
            pipeline.Dispose();
        }
    }

    /// <summary>
    /// Apertium stream format: protected spans as superblanks, and so is every reserved character (Apertium
    /// reads "@", "$", "{" as markup and mangles them even escaped), and a final blank superblank, as its
    /// deformatter adds, so the last full stop survives.
    /// </summary>
    internal static string ToStream(TranslationSegment segment)
    {
        var text = segment.Text;
        var builder = new StringBuilder(text.Length + 16);
        var position = 0;
        foreach (var span in segment.Protected.OrderBy(s => s.Start))
        {
            if (span.Start < position)
            {
                continue;
            }
            AppendText(text.AsSpan(position, span.Start - position), builder);
            builder.Append('[');
            Escape(text.AsSpan(span.Start, span.Length), builder);
            builder.Append(']');
            position = span.End;
        }
        AppendText(text.AsSpan(position), builder);
        return builder.Append("[]").ToString();
    }

    private static void AppendText(ReadOnlySpan<char> text, StringBuilder builder)
    {
        foreach (var c in text)
        {
            if (IsReserved(c))
            {
                builder.Append("[\\").Append(c).Append(']');
            }
            else
            {
                builder.Append(c is '\0' ? ' ' : c);
            }
        }
    }

    private static void Escape(ReadOnlySpan<char> text, StringBuilder builder)
    {
        foreach (var c in text)
        {
            if (IsReserved(c))
            {
                builder.Append('\\');
            }
            builder.Append(c is '\0' ? ' ' : c);
        }
    }

    private static bool IsReserved(char c) => c is '\\' or '^' or '$' or '/' or '<' or '>' or '@' or '[' or ']' or '{' or '}' or '~' or '*' or '#';

    /// <summary>
    /// Back from stream format: escapes undone, superblank brackets dropped (their contents kept). Every reserved
    /// character of ours travels inside a superblank, so outside them any mark or tag is Apertium's debris for a
    /// word it could not handle ("@y&lt;prn&gt;" for the pronoun "y"): marks and tags go, the word stays.
    /// </summary>
    internal static string FromStream(string stream)
    {
        var builder = new StringBuilder(stream.Length);
        var inSuperblank = false;
        for (var i = 0; i < stream.Length; i++)
        {
            var c = stream[i];
            if (c == '\\' && i + 1 < stream.Length)
            {
                var escaped = stream[++i];
                if (!inSuperblank && escaped == '<' && stream.IndexOf("\\>", i, StringComparison.Ordinal) is var close and > 0)
                {
                    i = close + 1; // an analysis tag
                }
                else if (inSuperblank || escaped is not ('@' or '#' or '*' or '>'))
                {
                    builder.Append(escaped);
                }
            }
            else if (c == '[' && !inSuperblank)
            {
                inSuperblank = true;
            }
            else if (c == ']' && inSuperblank)
            {
                inSuperblank = false;
            }
            else if (inSuperblank || c is not ('@' or '#' or '*'))
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);

    /// <summary>
    /// One direction's pipelines (<see cref="ApertiumOptions.ProcessesPerDirection"/> at most, started as concurrent
    /// segments need them): a segment takes a free one, or waits for one.
    /// </summary>
    private sealed class ApertiumPool(string[] modes, TimeSpan timeout, int size) : IDisposable
    {
        private readonly ApertiumPipeline[] _all = [.. Enumerable.Range(0, size).Select(_ => new ApertiumPipeline(modes, timeout))];
        private readonly SemaphoreSlim _free = new(size, size);
        private readonly System.Collections.Concurrent.ConcurrentQueue<ApertiumPipeline> _idle = new();
        private int _started;

        /// <summary>The modes, as "fr-es>spa-eng".</summary>
        public string Route => _all[0].Route;

        public async Task<string> TranslateAsync(string input, CancellationToken cancellationToken)
        {
            await _free.WaitAsync(cancellationToken).ConfigureAwait(false);
            // A free slot: an idle pipeline, or the next one not started yet (the slots bound them to the pool's size).
            var pipeline = _idle.TryDequeue(out var idle) ? idle : _all[Interlocked.Increment(ref _started) - 1];
            try
            {
                return await pipeline.TranslateAsync(input, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _idle.Enqueue(pipeline);
                _free.Release();
            }
        }

        public void Dispose()
        {
            foreach (var pipeline in _all)
            {
                pipeline.Dispose();
            }
            _free.Dispose();
        }
    }

    /// <summary>One direction's chain of Apertium modes, as a single long-lived process, one segment at a time.</summary>
    private sealed class ApertiumPipeline(string[] modes, TimeSpan timeout) : IDisposable
    {
        /// <summary>The modes, as "fr-es>spa-eng".</summary>
        public string Route { get; } = string.Join(">", modes.Select(Path.GetFileNameWithoutExtension));

        private readonly SemaphoreSlim _gate = new(1, 1);
        private Process? _process;

        public async Task<string> TranslateAsync(string input, CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var process = _process ??= Start();
                using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeoutSource.CancelAfter(timeout);
                try
                {
                    var bytes = Encoding.UTF8.GetBytes(input + "\0");
                    await process.StandardInput.BaseStream.WriteAsync(bytes, timeoutSource.Token).ConfigureAwait(false);
                    await process.StandardInput.BaseStream.FlushAsync(timeoutSource.Token).ConfigureAwait(false);
                    return await ReadUntilNullAsync(process.StandardOutput.BaseStream, timeoutSource.Token).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is OperationCanceledException or IOException)
                {
                    // A pipeline that stalled or died cannot be trusted to stay in step: start a fresh one next time.
                    Stop();
                    if (cancellationToken.IsCancellationRequested)
                    {
                        throw;
                    }
                    throw new TimeoutException($"Apertium did not answer within {timeout.TotalSeconds:0} s ({exception.Message}).", exception);
                }
            }
            finally
            {
                _gate.Release();
            }
        }

        private static async Task<string> ReadUntilNullAsync(Stream output, CancellationToken cancellationToken)
        {
            var bytes = new List<byte>(256);
            var buffer = new byte[1];
            while (true)
            {
                var read = await output.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException("Apertium's pipeline closed its output.");
                }
                if (buffer[0] == 0)
                {
                    return Encoding.UTF8.GetString([.. bytes]);
                }
                bytes.Add(buffer[0]);
            }
        }

        private Process Start()
        {
            // Each mode file is a shell pipeline; apertium-wblank-mode -z rewrites it with every stage in null-flush
            // mode. "-n" leaves unknown words unmarked (no '*').
            var command = string.Join(" | ", modes.Select(mode => $"bash <(apertium-wblank-mode -z '{mode}') -n ''"));
            var process = new Process
            {
                StartInfo = new ProcessStartInfo("bash", ["-c", command])
                {
                    RedirectStandardInput = true,
                    RedirectStandardOutput = true,
                    RedirectStandardError = false,
                    UseShellExecute = false,
                },
            };
            process.Start();
            return process;
        }

        private void Stop()
        {
            if (_process is null)
            {
                return;
            }
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // already exited
            }
            _process.Dispose();
            _process = null;
        }

        public void Dispose()
        {
            Stop();
            _gate.Dispose();
        }
    }
}
