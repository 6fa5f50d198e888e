using System.Globalization;

namespace Translate.LoadGenerator;

/// <summary>The command line: every setting has a default, so a bare run measures what docs/BENCHMARKS.md records.</summary>
internal sealed class LoadGeneratorOptions
{
    public const string Usage = """
        Translate.LoadGenerator: Summarize over gRPC at several concurrencies, batching on and off, against the raw session.

          --server PATH           translate.dll to start (default: src/Translate.Cli/bin/Release/net10.0/translate.dll)
          --data PATH             dev articles, JSON lines with "article" (default: ../shared/data/dev/cnndm-dev.jsonl from the repository root)
          --concurrency LIST      callers at once, one cell each (default: 1,8,32,64)
          --raw-batch-sizes LIST  batch sizes of the raw session (default: 1,8,16,32,64)
          --rounds N              times the whole grid is measured, each cell summing its rounds, batching off and on
                                  alternating first, to even out a noisy machine (default: 4)
          --round-seconds S       a served cell's share of a round above concurrency 1 (default: 8); at concurrency 1
                                  the articles are sent once over all rounds, the same ones to both servers
          --raw-seconds S         a raw batch size's share of a round (default: 3)
          --intra-op-threads N    ONNX Runtime intra-op threads, for the server and the raw session alike (default: 0, one per core)
          --server-arg ARG        passed to both servers (repeatable), e.g. --server-arg --Batching:MaxWaitMilliseconds=4
          --overload              instead of the grid: one server, Process calls, unloaded latency, capacity, then four
                                  times the capacity for --overload-seconds (default 60), then recovery (docs/BENCHMARKS.md)
          --overload-seconds S    how long the overload lasts
          --translator FOLDER     instead of the grid: a seq2seq translator (a Marian export) as fr-en on two servers,
                                  Batching:Scheduling Static and Continuous, Process calls of English documents with
                                  French sentences of mixed lengths, each concurrency in rounds (docs/BENCHMARKS.md)
          --translator-call RPC   with --translator: process (default; cleanup with translation, then the summary) or
                                  clean (cleanup with translation only: the translator's share of the server's work)
          --warmup-seconds S      with --translator: each server runs each concurrency this long before the rounds,
                                  not counted (default: 10; 0 for none): memory pools and arenas grow to their size
        """;

    public string? Server { get; private set; }

    public string? Data { get; private set; }

    public IReadOnlyList<int> Concurrency { get; private set; } = [1, 8, 32, 64];

    public IReadOnlyList<int> RawBatchSizes { get; private set; } = [1, 8, 16, 32, 64];

    public int Rounds { get; private set; } = 4;

    public TimeSpan RawDuration { get; private set; } = TimeSpan.FromSeconds(3);

    public TimeSpan RoundDuration { get; private set; } = TimeSpan.FromSeconds(8);

    public int IntraOpThreads { get; private set; }

    public List<string> ServerArguments { get; } = [];

    /// <summary>Run the overload measurement instead of the batching grid.</summary>
    public bool Overload { get; private set; }

    public TimeSpan OverloadDuration { get; private set; } = TimeSpan.FromSeconds(60);

    /// <summary>Run the continuous-against-static translator load with this model folder instead of the batching grid.</summary>
    public string? Translator { get; private set; }

    /// <summary>With <see cref="Translator"/>: how long each server runs each concurrency before the measured rounds.</summary>
    public TimeSpan WarmupDuration { get; private set; } = TimeSpan.FromSeconds(10);

    /// <summary>With <see cref="Translator"/>: the call the callers make, "process" or "clean".</summary>
    public string TranslatorCall { get; private set; } = "process";

    public static LoadGeneratorOptions Parse(string[] args)
    {
        var options = new LoadGeneratorOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new LoadGeneratorException($"{args[i]} needs a value.{Environment.NewLine}{Usage}");
            switch (args[i])
            {
                case "--server":
                    options.Server = Path.GetFullPath(Value());
                    break;
                case "--data":
                    options.Data = Path.GetFullPath(Value());
                    break;
                case "--concurrency":
                    options.Concurrency = PositiveList(args[i], Value());
                    break;
                case "--raw-batch-sizes":
                    options.RawBatchSizes = PositiveList(args[i], Value());
                    break;
                case "--rounds":
                    options.Rounds = PositiveList(args[i], Value()).Single();
                    break;
                case "--raw-seconds":
                    options.RawDuration = TimeSpan.FromSeconds(PositiveList(args[i], Value()).Single());
                    break;
                case "--round-seconds":
                    options.RoundDuration = TimeSpan.FromSeconds(PositiveList(args[i], Value()).Single());
                    break;
                case "--intra-op-threads":
                    options.IntraOpThreads = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--overload":
                    options.Overload = true;
                    break;
                case "--overload-seconds":
                    options.OverloadDuration = TimeSpan.FromSeconds(PositiveList(args[i], Value()).Single());
                    break;
                case "--translator":
                    options.Translator = Path.GetFullPath(Value());
                    break;
                case "--warmup-seconds":
                    options.WarmupDuration = int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var warmup)
                        ? TimeSpan.FromSeconds(warmup)
                        : throw new LoadGeneratorException($"--warmup-seconds takes a whole number of seconds, not '{args[i]}'.");
                    break;
                case "--translator-call":
                    options.TranslatorCall = Value() is "process" or "clean" ? args[i] : throw new LoadGeneratorException($"--translator-call takes process or clean, not '{args[i]}'.");
                    break;
                case "--server-arg":
                    options.ServerArguments.Add(Value());
                    break;
                case "-h" or "--help":
                    throw new LoadGeneratorException(Usage);
                default:
                    throw new LoadGeneratorException($"Unknown argument '{args[i]}'.{Environment.NewLine}{Usage}");
            }
        }
        if (options.IntraOpThreads != 0)
        {
            options.ServerArguments.Add($"--Processing:OnnxRuntime:IntraOpThreads={options.IntraOpThreads}");
        }
        return options;
    }

    private static int[] PositiveList(string name, string value)
    {
        var items = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var numbers = new int[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            if (!int.TryParse(items[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]) || numbers[i] < 1)
            {
                throw new LoadGeneratorException($"{name} takes positive whole numbers, comma-separated; '{items[i]}' is not one.");
            }
        }
        return numbers.Length > 0 ? numbers : throw new LoadGeneratorException($"{name} needs at least one number.");
    }
}
