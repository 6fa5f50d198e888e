using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Translate.Protos.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Translate.Server.Tests.Internal.Shutdown;

/// <summary>
/// `translate serve` as a real process (translate.dll, built beside the tests), stopped with SIGTERM while callers
/// keep it busy: what an orchestrator does to a pod.
/// </summary>
public sealed class GracefulShutdownTests
{
    private const int Callers = 4;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    // Several sample articles in one: a call takes long enough that some are in flight when the signal comes.
    private static readonly string LongArticle = string.Join("\n\n", Enumerable.Repeat(SampleArticle.Text, 6));

    [Fact]
    public async Task Serve_SigtermUnderLoad_NotServingFirstNoAcceptedCallLostExitsZero()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "SIGTERM is a POSIX signal.");
        var address = $"http://127.0.0.1:{FreeLoopbackPort()}";
        using var server = StartServer(address, out var output);
        using var channel = GrpcChannel.ForAddress(address);
        await WaitUntilServingAsync(channel, server, output);

        var health = new ConcurrentQueue<(ServingStatus Status, long At)>();
        using var watch = new Health.HealthClient(channel).Watch(new HealthCheckRequest { Service = "translate.v1.Translate" }, cancellationToken: Cancellation);
        var watching = ReadWatchAsync(watch, health);

        var outcomes = new ConcurrentBag<Outcome>();
        var client = new Protos.V1.Translate.TranslateClient(channel);
        var callers = Enumerable.Range(0, Callers).Select(caller => CallUntilRefusedAsync(client, caller, outcomes)).ToArray();
        while (outcomes.Count(o => o.Status == StatusCode.OK) < Callers)
        {
            Assert.False(server.HasExited, $"The server exited under load:\n{output}");
            await Task.Delay(50, Cancellation);
        }
        await Task.Delay(300, Cancellation);

        var signalled = Stopwatch.GetTimestamp();
        using (var kill = Process.Start("kill", ["-TERM", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(Cancellation);
            Assert.Equal(0, kill.ExitCode);
        }
        using var exitTimeout = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        exitTimeout.CancelAfter(TimeSpan.FromSeconds(60));
        await server.WaitForExitAsync(exitTimeout.Token);
        var exited = Stopwatch.GetTimestamp();
        await Task.WhenAll(callers);
        var watchEnd = await watching;

        var all = outcomes.OrderBy(o => o.Started).ToArray();
        // A call sent just before the signal can reach the server just after the drain began: the server refuses it
        // before any work ("shutting down"), so it was never accepted. Accepted calls are the others still open then.
        static bool RefusedByDrain(Outcome o) => o.Status == StatusCode.Unavailable && o.Detail.Contains("shutting down", StringComparison.Ordinal);
        var inFlight = all.Where(o => o.Started < signalled && o.Ended > signalled && !RefusedByDrain(o)).ToArray();
        var refused = all.Where(o => o.Status != StatusCode.OK).ToArray();
        var notServing = health.Where(h => h.Status == ServingStatus.NotServing && h.At > signalled).Select(h => h.At).DefaultIfEmpty(long.MaxValue).Min();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{all.Length} calls: {inFlight.Length} in flight at SIGTERM, {refused.Length} refused; NOT_SERVING {Ms(signalled, notServing)} ms after SIGTERM, " +
            $"last call in flight done {Ms(signalled, inFlight.Select(o => o.Ended).DefaultIfEmpty(signalled).Max())} ms after, exit {Ms(signalled, exited)} ms after; " +
            $"refusals: {string.Join(" | ", refused.Select(o => o.Detail).Distinct())}\n{output}");

        Assert.Equal(0, server.ExitCode);
        // Health: SERVING, then NOT_SERVING once the signal came, while accepted calls were still running; then the watch ended cleanly.
        Assert.Equal(ServingStatus.Serving, health.First().Status);
        Assert.Equal(ServingStatus.NotServing, health.Last().Status);
        Assert.NotEqual(long.MaxValue, notServing);
        Assert.NotEmpty(inFlight);
        Assert.True(notServing < inFlight.Max(o => o.Ended), "health turned NOT_SERVING only after the calls in flight had finished");
        Assert.Equal(StatusCode.OK, watchEnd);
        // No accepted call lost: every call completed with its result, or was refused UNAVAILABLE without starting.
        Assert.All(all, o => Assert.True(o.Status is StatusCode.OK or StatusCode.Unavailable, $"caller {o.Caller}: {o.Status} {o.Detail}"));
        Assert.All(inFlight, o => Assert.Equal(StatusCode.OK, o.Status));
        Assert.All(all.Where(o => o.Status == StatusCode.OK), o => Assert.True(o.Repaired, $"caller {o.Caller}: a completed call without its repaired text"));
        Assert.NotEmpty(refused);
        Assert.All(refused, o => Assert.True(o.Started > signalled || RefusedByDrain(o), $"caller {o.Caller}: refused, yet started before SIGTERM and not refused by the drain"));
        // Refused by the server while it drains, or unable to connect once it stopped listening; a call cut short reads otherwise.
        Assert.All(refused, o => Assert.True(o.Detail.Contains("shutting down", StringComparison.Ordinal)
            || o.Detail.StartsWith("Error starting gRPC call", StringComparison.Ordinal) || o.Detail.StartsWith("Error connecting to subchannel", StringComparison.Ordinal),
            $"caller {o.Caller}: UNAVAILABLE, but not as a refusal before the call started: {o.Detail}"));
        // The watch did not hold the shutdown for the grace (60 s).
        Assert.True(Stopwatch.GetElapsedTime(signalled, exited) < TimeSpan.FromSeconds(45), $"exit took {Ms(signalled, exited)} ms");
    }

    private sealed record Outcome(int Caller, long Started, long Ended, StatusCode Status, string Detail, bool Repaired);

    private static async Task CallUntilRefusedAsync(Protos.V1.Translate.TranslateClient client, int caller, ConcurrentBag<Outcome> outcomes)
    {
        for (var call = 0; call < 200; call++)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                var result = await client.ProcessAsync(new ProcessRequest { Document = new Document { Id = $"{caller}-{call}", Text = LongArticle } },
                    deadline: DateTime.UtcNow.AddMinutes(2), cancellationToken: Cancellation);
                outcomes.Add(new Outcome(caller, started, Stopwatch.GetTimestamp(), StatusCode.OK, string.Empty,
                    result.Id == $"{caller}-{call}" && result.Text.Contains("Posted November 26", StringComparison.Ordinal) && result.Summary.Sentences.Count > 0));
            }
            catch (RpcException exception)
            {
                outcomes.Add(new Outcome(caller, started, Stopwatch.GetTimestamp(), exception.StatusCode, exception.Status.Detail, false));
                return;
            }
        }
    }

    private static async Task<StatusCode> ReadWatchAsync(AsyncServerStreamingCall<HealthCheckResponse> watch, ConcurrentQueue<(ServingStatus, long)> health)
    {
        try
        {
            await foreach (var response in watch.ResponseStream.ReadAllAsync(Cancellation))
            {
                health.Enqueue((response.Status, Stopwatch.GetTimestamp()));
            }
            return watch.GetStatus().StatusCode;
        }
        catch (RpcException exception)
        {
            return exception.StatusCode;
        }
    }

    private static Process StartServer(string address, out ServerOutput output)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "translate.dll"), "serve", "--urls", address,
            // Every caller let in at once and never refused for its wait: this test is about draining, not admission.
            "--Server:HttpUrls=http://127.0.0.1:0", "--Server:ShutdownGraceSeconds=60", "--Processing:MaxConcurrentDocuments=64", "--Processing:MaxQueueMilliseconds=600000",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Translate.Server.Internal.Shutdown=Information", "--Logging:Console:IncludeScopes=false"])
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start)!;
        var lines = new ServerOutput();
        process.OutputDataReceived += (_, e) => lines.Add(e.Data);
        process.ErrorDataReceived += (_, e) => lines.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        output = lines;
        return process;
    }

    private static async Task WaitUntilServingAsync(GrpcChannel channel, Process server, ServerOutput output)
    {
        var health = new Health.HealthClient(channel);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            Assert.False(server.HasExited, $"The server exited before serving:\n{output}");
            try
            {
                var response = await health.CheckAsync(new HealthCheckRequest { Service = "translate.v1.Translate" },
                    deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: Cancellation);
                if (response.Status == ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException exception) when (exception.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
            {
                // Not listening yet.
            }
            await Task.Delay(200, Cancellation);
        }
        server.Kill(entireProcessTree: true);
        Assert.Fail($"The server did not report SERVING within 3 minutes:\n{output}");
    }

    private static long Ms(long from, long to) => (long)Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class ServerOutput
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public void Add(string? line)
        {
            if (line is not null)
            {
                _lines.Enqueue(line);
            }
        }

        public override string ToString() => string.Join(Environment.NewLine, _lines.TakeLast(60));
    }
}
