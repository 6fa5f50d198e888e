using System.Diagnostics;
using System.Numerics.Tensors;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.OnnxRuntime;
using Translate.Core.Inference;
using Translate.Core.Inference.Generation;

namespace Translate.Benchmarks;

/// <summary>
/// The engine's side of models/realsize/bench.py: one JSON command a line on standard input, one JSON answer a line on
/// standard output, so that the Python driver can interleave engine and PyTorch runs in one process lifetime each (the
/// noise of a shared machine hits both). Times are measured here, around <see cref="Seq2SeqModel.Generate"/> only.
/// </summary>
internal static class RealSizeGenerationServer
{
    public static int Run(TextReader input, TextWriter output)
    {
        Seq2SeqModel? model = null;
        try
        {
            while (input.ReadLine() is { } line)
            {
                var command = JsonNode.Parse(line)!.AsObject();
                JsonObject answer;
                switch ((string?)command["cmd"])
                {
                    case "load":
                        model?.Dispose();
                        (model, answer) = Load(command);
                        break;
                    case "generate":
                        answer = Generate(model ?? throw new InvalidOperationException("load a model first"), command);
                        break;
                    case "bandwidth":
                        answer = Bandwidth((int)command["megabytes"]!, (int)command["threads"]!);
                        break;
                    case "sgemm":
                        answer = Sgemm(command);
                        break;
                    case "memory":
                        using (var process = Process.GetCurrentProcess())
                        {
                            answer = new JsonObject { ["peak_working_set_bytes"] = process.PeakWorkingSet64, ["working_set_bytes"] = process.WorkingSet64 };
                        }
                        break;
                    default:
                        answer = new JsonObject { ["error"] = $"unknown command {command["cmd"]}" };
                        break;
                }
                output.WriteLine(answer.ToJsonString());
                output.Flush();
            }
            return 0;
        }
        finally
        {
            model?.Dispose();
        }
    }

    private static (Seq2SeqModel, JsonObject) Load(JsonObject command)
    {
        var runtime = new OnnxRuntimeOptions
        {
            IntraOpThreads = (int?)command["threads"] ?? 2,
            AllowSpinning = (bool?)command["spinning"] ?? true,
            GraphOptimizationLevel = Enum.Parse<GraphOptimizationLevel>((string?)command["optimization"] ?? "ORT_ENABLE_ALL"),
        };
        var clock = Stopwatch.StartNew();
        var model = Seq2SeqModel.Load((string)command["model"]!, runtime, Enum.Parse<DecoderFiles>((string?)command["decoder"] ?? "Auto"));
        model.DecoderSessions.UseIoBinding = (bool?)command["iobinding"] ?? true;
        return (model, new JsonObject { ["load_seconds"] = clock.Elapsed.TotalSeconds, ["runtime"] = runtime.ToString(), ["decoder"] = model.Decoder.ToString() });
    }

    /// <summary>The inputs in runs of <c>batch</c> rows, one call each, as the batcher would give them.</summary>
    private static JsonObject Generate(Seq2SeqModel model, JsonObject command)
    {
        var inputs = command["inputs"]!.AsArray().Select(row => row!.AsArray().Select(id => (int)id!).ToArray()).ToArray();
        var batch = (int)command["batch"]!;
        var settings = model.Settings with { NumBeams = (int)command["beams"]!, MaxNewTokens = (int)command["max_new_tokens"]! };
        var results = new List<GeneratedSequence>(inputs.Length);
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var first = 0; first < inputs.Length; first += batch)
        {
            results.AddRange(model.Generate(inputs[first..Math.Min(inputs.Length, first + batch)], settings));
        }
        var seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
        var ids = new JsonArray();
        foreach (var result in results)
        {
            ids.Add(new JsonArray(result.Ids.Select(id => (JsonNode)id).ToArray()));
        }
        return new JsonObject { ["seconds"] = seconds, ["cpu_seconds"] = cpuSeconds, ["ids"] = ids };
    }

    /// <summary>
    /// Read bandwidth, STREAM-like: <paramref name="threads"/> threads each sum their part of a float array much larger
    /// than the caches (vectorised; the adds are far below the memory's pace), best of 5 passes.
    /// </summary>
    private static JsonObject Bandwidth(int megabytes, int threads)
    {
        var data = new float[megabytes * (1 << 20) / sizeof(float)];
        Random.Shared.NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = float.IsFinite(data[i]) ? data[i] * 1e-30f : 0f;
        }
        var part = data.Length / threads;
        var best = double.MaxValue;
        var sums = new float[threads];
        for (var pass = 0; pass < 6; pass++)
        {
            var clock = Stopwatch.StartNew();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t => sums[t] = TensorPrimitives.Sum(data.AsSpan(t * part, part)));
            if (pass > 0)
            {
                best = Math.Min(best, clock.Elapsed.TotalSeconds);
            }
        }
        return new JsonObject { ["bytes"] = (long)part * threads * sizeof(float), ["seconds"] = best, ["gb_per_s"] = (double)part * threads * sizeof(float) / best / 1e9, ["checksum"] = sums.Sum() };
    }

    /// <summary>Achievable sgemm pace of ONNX Runtime's CPU kernels: a one-MatMul model [m, k] × [k, n], best of the repeats.</summary>
    private static JsonObject Sgemm(JsonObject command)
    {
        var (m, k) = ((int)command["m"]!, (int)command["k"]!);
        using var options = new OnnxRuntimeOptions { IntraOpThreads = (int)command["threads"]! }.ToSessionOptions();
        using var session = new InferenceSession((string)command["model"]!, options);
        var a = new float[m * k];
        new Random(1).NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()));
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = float.IsFinite(a[i]) ? Math.Clamp(a[i], -1f, 1f) : 0f;
        }
        using var value = OrtValue.CreateTensorValueFromMemory(a, [m, k]);
        using var runOptions = new RunOptions();
        var best = double.MaxValue;
        for (var repeat = 0; repeat < (int)command["repeats"]!; repeat++)
        {
            var clock = Stopwatch.StartNew();
            using var outputs = session.Run(runOptions, [session.InputNames[0]], [value], [session.OutputNames[0]]);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return new JsonObject { ["seconds"] = best };
    }
}
