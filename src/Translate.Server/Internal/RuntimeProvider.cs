using Grpc.Core;
using Translate.Core.Hosting;

namespace Translate.Server.Internal;

/// <summary>Holds the runtime once the warm-up has loaded it; until then requests are answered UNAVAILABLE.</summary>
internal sealed class RuntimeProvider : IDisposable
{
    private volatile TranslateRuntime? _runtime;
    private volatile string? _failure;

    public TranslateRuntime? Runtime => _runtime;

    public string? Failure => _failure;

    public void SetLoaded(TranslateRuntime runtime) => _runtime = runtime;

    public void SetFailed(string failure) => _failure = failure;

    /// <summary>The runtime, or an RpcException a client can act on.</summary>
    public TranslateRuntime Require()
    {
        if (_runtime is { } runtime)
        {
            return runtime;
        }
        if (_failure is { } failure)
        {
            throw new RpcException(StatusMap.ModelsFailedToLoad(failure));
        }
        throw new RpcException(StatusMap.ModelsLoading);
    }

    public void Dispose() => _runtime?.Dispose();
}
