using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Translate.Protos.V1;

namespace Translate.Server.Tests.Internal.Observability;

/// <summary>A server logging everything, down to Trace, into memory with each line's scopes.</summary>
public sealed class RecordingServerFixture : ServerFixture
{
    public RecordingLoggerProvider Logs { get; } = new();

    protected override void ConfigureBuilder(WebApplicationBuilder builder)
    {
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(Logs);
    }
}

public sealed class RequestLoggingTests(RecordingServerFixture server) : IClassFixture<RecordingServerFixture>
{
    [Fact]
    public async Task Process_LoggedAtTrace_LinesCarryTheRequestIdAndNoDocumentText()
    {
        const string requestId = "req-7c1e-logging-test";
        await server.Client.ProcessAsync(new ProcessRequest { Document = new Document { Id = "logs", Text = SampleArticle.Text } },
            new Metadata { { "x-request-id", requestId } }, cancellationToken: TestContext.Current.CancellationToken);

        var lines = server.Logs.Lines.Where(line => line.Scopes.Contains($"RequestId:{requestId}", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Contains("Method:/translate.v1.Translate/Process", line.Scopes));
        // No sentence of the article (nor the caption, nor the repaired title) in any line of the whole server.
        string[] fragments = ["Xi Jinping", "Kim Jong Un", "cooperate for world peace", SampleArticle.FrenchCaption];
        Assert.All(server.Logs.Lines, line => Assert.DoesNotContain(fragments, fragment => line.Message.Contains(fragment, StringComparison.Ordinal)));
    }
}

public sealed record RecordedLine(string Category, string Message, string Scopes);

public sealed class RecordingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<RecordedLine> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(RecordingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<string>();
            provider._scopes.ForEachScope((scope, list) => list.Add(scope?.ToString() ?? string.Empty), scopes);
            provider.Lines.Enqueue(new RecordedLine(category, formatter(state, exception) + exception, string.Join(" => ", scopes)));
        }
    }
}
