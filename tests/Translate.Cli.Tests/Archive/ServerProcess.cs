using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Translate.Protos.V1;

namespace Translate.Cli.Tests.Archive;

/// <summary>
/// `translate serve` as a real process (translate.dll beside the tests) on a free loopback port, requiring
/// <see cref="ApiKey"/>; killed like a crashed machine with <see cref="Kill"/>, started again on its port with <see cref="StartAsync()"/>.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    public const string ApiKey = "remote-runner-test-key-0123456789";

    private readonly Lock _outputLock = new();
    private readonly Queue<string> _output = new();
    private Process? _process;

    public ServerProcess()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Channel = GrpcChannel.ForAddress($"http://{Address}");
    }

    public int Port { get; }

    /// <summary>"127.0.0.1:PORT", as --server takes it.</summary>
    public string Address => $"127.0.0.1:{Port}";

    public GrpcChannel Channel { get; }

    public bool Running => _process is { HasExited: false };

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "translate.dll"), "serve", "--urls", $"http://{Address}",
            "--Server:HttpUrls=", $"--Server:ApiKeys={ApiKey}", "--Logging:LogLevel:Default=Warning",
            // Never refused for its wait: the suites run side by side on a busy machine (admission has its own tests).
            "--Processing:MaxQueueMilliseconds=600000"])
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        var health = new Health.HealthClient(Channel);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            Assert.False(process.HasExited, $"The server on {Address} exited before serving:\n{RecentOutput()}");
            try
            {
                var response = await health.CheckAsync(new HealthCheckRequest { Service = "translate.v1.Translate" }, deadline: DateTime.UtcNow.AddSeconds(5));
                if (response.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException exception) when (exception.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        Assert.Fail($"The server on {Address} did not report SERVING within 3 minutes:\n{RecentOutput()}");
    }

    /// <summary>Sentences the server's sentence encoder has embedded since it started: every summary embeds some.</summary>
    public async Task<long> SentencesEmbeddedAsync()
    {
        var info = await new Protos.V1.Translate.TranslateClient(Channel).GetInfoAsync(new GetInfoRequest(),
            new Metadata { { "authorization", $"Bearer {ApiKey}" } });
        return info.Models.Single(m => m.Usage is not null).Usage.Inputs;
    }

    /// <summary>
    /// The embedding counter once it has stopped moving (two reads 300 ms apart agree): a server just started, or one
    /// still finishing documents a previous test's client let go of, is not counted as working on the next run.
    /// </summary>
    public async Task<long> SentencesEmbeddedWhenIdleAsync(TimeSpan wait)
    {
        var clock = Stopwatch.StartNew();
        var last = await SentencesEmbeddedAsync();
        while (clock.Elapsed < wait)
        {
            await Task.Delay(300);
            var now = await SentencesEmbeddedAsync();
            if (now == last)
            {
                return now;
            }
            last = now;
        }
        throw new TimeoutException($"the server at {Address} was still embedding after {wait.TotalSeconds:0} s");
    }

    /// <summary>SIGKILL: no drain, streams cut mid-document.</summary>
    public void Kill()
    {
        _process!.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public string RecentOutput()
    {
        lock (_outputLock)
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
        lock (_outputLock)
        {
            _output.Enqueue(line);
            if (_output.Count > 40)
            {
                _output.Dequeue();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
    }
}
