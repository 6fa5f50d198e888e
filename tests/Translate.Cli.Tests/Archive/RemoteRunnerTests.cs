using System.Diagnostics;
using System.Text.Json;
using Grpc.Core;
using Translate.Cli.Archive;
using Translate.Cli.Archive.Internal;
using Translate.Core.Processing;

namespace Translate.Cli.Tests.Archive;

/// <summary>The remote runner against two real `translate serve` processes: what an archive run over --server would get.</summary>
public sealed class RemoteRunnerTests(RemoteServers servers) : IClassFixture<RemoteServers>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProcessAsync_TwoServers_OutputIdenticalToInProcess()
    {
        await EnsureRunningAsync();
        await using var runner = await StartAsync(Both());
        var documents = RemoteServers.Documents("same-");

        var results = await Task.WhenAll(documents.Select(d => runner.ProcessAsync(d, Token)));

        for (var i = 0; i < documents.Count; i++)
        {
            Assert.Equal(await servers.InProcessJsonAsync(documents[i]), RemoteServers.Json(results[i]));
        }
    }

    [Fact]
    public async Task ProcessAsync_Segments_SameAsInProcessToTheContractsFloat()
    {
        await EnsureRunningAsync();
        await using var runner = await StartAsync(Both());
        var article = RemoteServers.Documents("segments-")[0];

        var remote = await runner.ProcessAsync(article, Token);

        // The contract carries a language's confidence as a float: the language identifier's double comes back to 7 digits.
        var local = await servers.InProcessAsync(article);
        Assert.Equal(local.Segments.Select(s => (s.Start, s.Length, s.Paragraph, s.Language, (float)s.LanguageConfidence)),
            remote.Segments.Select(s => (s.Start, s.Length, s.Paragraph, s.Language, (float)s.LanguageConfidence)));
        Assert.NotEmpty(remote.Segments);
    }

    [Fact]
    public async Task ProcessAsync_TwoServers_BothGetDocuments()
    {
        await EnsureRunningAsync();
        var before = (First: await servers.First.SentencesEmbeddedAsync(), Second: await servers.Second.SentencesEmbeddedAsync());
        await using var runner = await StartAsync(Both(), inflight: 1);

        // Many more documents than streams (one a server): with both streams taking from one queue, neither server can have
        // them all, even one just restarted whose first call is slow.
        await Task.WhenAll(Enumerable.Range(0, 3).SelectMany(copy => RemoteServers.Documents($"spread-{copy}-")).Select(d => runner.ProcessAsync(d, Token)));

        var answered = string.Join(", ", runner.Answered.Select(a => $"{a.Server}: {a.Answered}"));
        Assert.True(await servers.First.SentencesEmbeddedAsync() > before.First, $"the first server summarized no document ({answered})");
        Assert.True(await servers.Second.SentencesEmbeddedAsync() > before.Second, $"the second server summarized no document ({answered})");
        Assert.All(runner.Answered, a => Assert.True(a.Answered > 0, answered));
        Assert.Equal(2, runner.DefaultParallelism);
    }

    [Fact]
    public async Task ProcessAsync_ServerKilledMidRun_EveryDocumentAnsweredOnceAsInProcess()
    {
        await EnsureRunningAsync();
        var notices = new List<string>();
        await using var runner = await StartAsync(Both(), inflight: 2, notice: message => { lock (notices) { notices.Add(message); } });
        var documents = Enumerable.Range(0, 4).SelectMany(copy => RemoteServers.Documents($"kill-{copy}-")).ToList();
        var answered = 0;
        var tasks = documents.Select(async d =>
        {
            var result = await runner.ProcessAsync(d, Token);
            Interlocked.Increment(ref answered);
            return result;
        }).ToList();

        // Killed while documents are on its streams: some answered, most not yet sent.
        var clock = Stopwatch.StartNew();
        while (Volatile.Read(ref answered) < 3 && clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(20, Token);
        }
        var answeredBeforeKill = Volatile.Read(ref answered);
        servers.Second.Kill();
        var results = await Task.WhenAll(tasks);

        Assert.True(answeredBeforeKill < documents.Count - 4, $"{answeredBeforeKill} of {documents.Count} were done before the kill: it was not mid-run");
        Assert.Equal(documents.Select(d => d.Id), results.Select(r => r.Id));
        for (var i = 0; i < documents.Count; i++)
        {
            Assert.Equal(await servers.InProcessJsonAsync(documents[i]), RemoteServers.Json(results[i]));
        }
        Assert.Contains(notices, n => n.StartsWith($"{servers.Second.Address} is unavailable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProcessAsync_InvalidDocument_FailsWithTheInProcessErrorNotRetried()
    {
        await EnsureRunningAsync();
        // One attempt in all: a retried document would fail with "no server could take it in 1 attempts", not the server's refusal.
        await using var runner = await StartAsync(Both(), maxAttempts: 1);
        var empty = new DocumentRequest("empty", "   ");

        var remote = await Assert.ThrowsAsync<InvalidDocumentException>(() => runner.ProcessAsync(empty, Token));

        var inProcess = await servers.InProcessFailureAsync(empty);
        Assert.IsType<InvalidDocumentException>(inProcess);
        Assert.Equal(inProcess.Message, remote.Message);
        // The runner goes on: the next document on the same streams is answered.
        var next = new DocumentRequest("after-empty", "The minister participated to the talks in Seoul on Monday.");
        Assert.Equal(await servers.InProcessJsonAsync(next), RemoteServers.Json(await runner.ProcessAsync(next, Token)));
    }

    [Fact]
    public async Task ProcessAsync_NoApiKey_FailsNamingTheOptionWithoutRetrying()
    {
        await EnsureRunningAsync();
        await using var runner = await StartAsync(Both(), apiKey: null);

        var error = await Assert.ThrowsAsync<RemoteDocumentException>(() => runner.ProcessAsync(new DocumentRequest("keyless", "A short text."), Token));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("--api-key", error.Message);
        Assert.Contains("document 'keyless'", error.Message);
    }

    [Fact]
    public async Task ProcessAsync_DnsName_ResolvesLocalhost()
    {
        await EnsureRunningAsync();
        await using var runner = await StartAsync([ServerAddress.Parse($"dns:///localhost:{servers.First.Port}", "--server")]);
        var documents = RemoteServers.Documents("dns-").Take(4).ToList();

        var results = await Task.WhenAll(documents.Select(d => runner.ProcessAsync(d, Token)));

        for (var i = 0; i < documents.Count; i++)
        {
            Assert.Equal(await servers.InProcessJsonAsync(documents[i]), RemoteServers.Json(results[i]));
        }
        Assert.StartsWith($"1 server (dns:///localhost:{servers.First.Port})", runner.Description);
    }

    [Fact]
    public async Task ProcessAsync_ServerStillLoading_DocumentsWaitForServingInsteadOfFailing()
    {
        await EnsureRunningAsync();
        servers.Second.Kill();
        var starting = servers.Second.StartAsync();
        // One attempt a document: a document sent while the models load would come back UNAVAILABLE and fail.
        await using var runner = await StartAsync(ServerAddress.ParseList(servers.Second.Address, "--server"), maxAttempts: 1);
        var documents = RemoteServers.Documents("loading-").Take(3).ToList();

        var results = await Task.WhenAll(documents.Select(d => runner.ProcessAsync(d, Token)));
        await starting;

        for (var i = 0; i < documents.Count; i++)
        {
            Assert.Equal(await servers.InProcessJsonAsync(documents[i]), RemoteServers.Json(results[i]));
        }
    }

    [Fact]
    public async Task Batch_ServerKilledMidRun_EveryDocumentInTheOutputOnceAsInProcess()
    {
        await EnsureRunningAsync();
        var folder = Directory.CreateTempSubdirectory("translate-batch-remote-");
        try
        {
            var documents = Enumerable.Range(0, 4).SelectMany(copy => RemoteServers.Documents($"batch-{copy}-")).ToList();
            var input = Path.Combine(folder.FullName, "archive.jsonl");
            var output = Path.Combine(folder.FullName, "out.jsonl");
            await File.WriteAllLinesAsync(input, documents.Select(d => JsonSerializer.Serialize(new { id = d.Id, text = d.Text })), Token);
            var before = await servers.Second.SentencesEmbeddedWhenIdleAsync(TimeSpan.FromSeconds(30));

            var run = CliRun.RunAsync("batch", "--input", input, "--output", output, "--server", $"{servers.First.Address},{servers.Second.Address}",
                "--server-inflight", "2", "--api-key", ServerProcess.ApiKey);
            // Killed once it has worked on the run's documents, while the run goes on.
            var clock = Stopwatch.StartNew();
            while (await servers.Second.SentencesEmbeddedAsync() == before && !run.IsCompleted && clock.Elapsed < TimeSpan.FromMinutes(2))
            {
                await Task.Delay(20, Token);
            }
            var finishedBeforeKill = run.IsCompleted;
            servers.Second.Kill();
            var result = await run;

            Assert.False(finishedBeforeKill, "the run ended before the server was killed");
            Assert.True(result.ExitCode == 0, result.Error);
            var lines = await File.ReadAllLinesAsync(output, Token);
            Assert.Equal(documents.Select(d => d.Id), lines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("id").GetString()));
            for (var i = 0; i < documents.Count; i++)
            {
                Assert.Equal(await servers.InProcessJsonAsync(documents[i]), lines[i]);
            }
            Assert.True(result.Error.Contains($"{servers.Second.Address} is unavailable", StringComparison.Ordinal), result.Error);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private IReadOnlyList<ServerAddress> Both() => ServerAddress.ParseList($"{servers.First.Address},{servers.Second.Address}", "--server");

    private static Task<RemoteRunner> StartAsync(IReadOnlyList<ServerAddress> addresses, int inflight = 2, int maxAttempts = 5,
        string? apiKey = ServerProcess.ApiKey, Action<string>? notice = null) =>
        RemoteRunner.StartAsync(new RemoteRunnerSettings(addresses, inflight, TimeSpan.FromMinutes(3), apiKey)
        {
            MaxAttempts = maxAttempts,
            Notice = notice,
        }, Token);

    /// <summary>A test that killed a server has started it again, or the next one does it here.</summary>
    private async Task EnsureRunningAsync()
    {
        foreach (var server in (ServerProcess[])[servers.First, servers.Second])
        {
            if (!server.Running)
            {
                await server.StartAsync();
            }
        }
    }
}
