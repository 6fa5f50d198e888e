using Microsoft.ML.OnnxRuntime;

namespace Translate.Core.Inference;

/// <summary>ONNX Runtime session settings (configuration section "OnnxRuntime").</summary>
public sealed class OnnxRuntimeOptions
{
    public const string Section = "OnnxRuntime";

    /// <summary>Threads inside one operator. 0 means one per core.</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Threads across independent operators (only with ExecutionMode Parallel).</summary>
    public int InterOpThreads { get; set; } = 1;

    /// <summary>ORT_DISABLE_ALL, ORT_ENABLE_BASIC, ORT_ENABLE_EXTENDED or ORT_ENABLE_ALL.</summary>
    public GraphOptimizationLevel GraphOptimizationLevel { get; set; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    public ExecutionMode ExecutionMode { get; set; } = ExecutionMode.ORT_SEQUENTIAL;

    /// <summary>Reuse CPU memory between runs (faster, holds the peak).</summary>
    public bool EnableMemoryArena { get; set; } = true;

    /// <summary>
    /// Whether idle intra-op threads spin waiting for work (ONNX Runtime's own default) instead of sleeping. Off by
    /// default: documents processed together do CPU work of their own between model runs (language identification,
    /// cleanup), and spinning threads take the cores from it. Measured with `translate batch` over 600 dev documents
    /// at --parallelism 8 on 2 cores: 41.0 s off against 48.3 s on (docs/BENCHMARKS.md, "Archive runs"). On saves
    /// a wake-up a run, for one caller decoding alone.
    /// </summary>
    public bool AllowSpinning { get; set; }

    public SessionOptions ToSessionOptions()
    {
        if (IntraOpThreads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), IntraOpThreads, "OnnxRuntime:IntraOpThreads must be 0 (one per core) or more.");
        }
        if (InterOpThreads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(InterOpThreads), InterOpThreads, "OnnxRuntime:InterOpThreads must be 0 or more.");
        }
        var options = new SessionOptions
        {
            IntraOpNumThreads = IntraOpThreads == 0 ? Environment.ProcessorCount : IntraOpThreads,
            InterOpNumThreads = InterOpThreads,
            GraphOptimizationLevel = GraphOptimizationLevel,
            ExecutionMode = ExecutionMode,
            EnableCpuMemArena = EnableMemoryArena,
        };
        if (!AllowSpinning)
        {
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        }
        return options;
    }

    public override string ToString() =>
        $"intra-op threads {(IntraOpThreads == 0 ? Environment.ProcessorCount : IntraOpThreads)}, inter-op threads {InterOpThreads}, " +
        $"{GraphOptimizationLevel}, {ExecutionMode}, memory arena {(EnableMemoryArena ? "on" : "off")}, spinning {(AllowSpinning ? "on" : "off")}";
}
