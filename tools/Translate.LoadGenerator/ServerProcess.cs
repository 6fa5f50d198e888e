using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Translate.LoadGenerator;

/// <summary>
/// The real server as a child process (<c>dotnet translate.dll serve</c>) on a free loopback port (its HTTP listener on
/// another, so that two can run at once), and a channel to it once grpc.health.v1 reports SERVING. Disposing stops it.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private const int KeptOutputLines = 40;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private ServerProcess(Process process, string address)
    {
        _process = process;
        Address = address;
        Channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 });
    }

    public string Address { get; }

    public GrpcChannel Channel { get; }

    /// <summary>The server's resident memory now, in bytes (VmRSS of /proc; 0 where there is no /proc).</summary>
    public long ResidentBytes()
    {
        var status = $"/proc/{_process.Id}/status";
        if (!File.Exists(status))
        {
            return 0;
        }
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    public static async Task<ServerProcess> StartAsync(string serverDll, IReadOnlyList<string> serverArguments, CancellationToken cancellationToken)
    {
        if (!File.Exists(serverDll))
        {
            throw new LoadGeneratorException(
                $"The server was not found at '{serverDll}'. Build it first (dotnet build Translate.sln -c Release) or pass --server PATH/translate.dll.");
        }
        var address = $"http://127.0.0.1:{FreeLoopbackPort()}";
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[serverDll, "serve", "--urls", address, "--Server:HttpUrls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", .. serverArguments])
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new LoadGeneratorException($"Could not start 'dotnet {serverDll}'.");
        var server = new ServerProcess(process, address);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilServingAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return server;
    }

    /// <summary>The server's last lines of output, for an error message.</summary>
    public string RecentOutput()
    {
        lock (_output)
        {
            return string.Join(Environment.NewLine, _output);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > KeptOutputLines)
            {
                _output.Dequeue();
            }
        }
    }

    private async Task WaitUntilServingAsync(CancellationToken cancellationToken)
    {
        var health = new Health.HealthClient(Channel);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new LoadGeneratorException($"The server exited with code {_process.ExitCode} before serving:{Environment.NewLine}{RecentOutput()}");
            }
            try
            {
                var response = await health.CheckAsync(new HealthCheckRequest { Service = "translate.v1.Translate" },
                    deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: cancellationToken).ConfigureAwait(false);
                if (response.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException exception) when (exception.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
            {
                // Not listening yet.
            }
            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
        throw new LoadGeneratorException($"The server did not report SERVING within {StartTimeout.TotalMinutes} minutes:{Environment.NewLine}{RecentOutput()}");
    }

    // A port the system just handed out and released: another process could take it in between, which on a
    // loopback test machine is rare enough; the server then fails to start and the error says so.
    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
        _process.Dispose();
    }
}
