using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Translate.Cli.Tests.Archive.Report;

/// <summary>
/// Headless Chromium driven over the DevTools protocol: navigate, click with real mouse events, evaluate script,
/// accept downloads. Enough to use the report as an editor would, without a test-only hook in the report.
/// </summary>
internal sealed class DevToolsSession : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly DirectoryInfo _profile;
    private readonly ClientWebSocket _socket;
    private int _nextId;

    private DevToolsSession(Process process, DirectoryInfo profile, ClientWebSocket socket)
    {
        _process = process;
        _profile = profile;
        _socket = socket;
    }

    public static async Task<DevToolsSession> StartAsync(string chromium, string url)
    {
        var profile = Directory.CreateTempSubdirectory("report-devtools-");
        var process = Chromium.Start(chromium, [.. Chromium.CommonArguments(profile.FullName), "--remote-debugging-port=0", "--window-size=1280,900", url]);
        _ = process.StandardOutput.ReadToEndAsync(); // drained so that a full pipe never blocks the browser
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            deadline.CancelAfter(StartTimeout);
            // Chromium writes the port it chose into DevToolsActivePort in the profile.
            var portFile = Path.Combine(profile.FullName, "DevToolsActivePort");
            string? port = null;
            while (port is null)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"chromium exited {process.ExitCode}: {await error}");
                }
                port = File.Exists(portFile) ? (await File.ReadAllLinesAsync(portFile, deadline.Token)).FirstOrDefault(l => l.Length > 0) : null;
                await Task.Delay(100, deadline.Token);
            }
            using var http = new HttpClient();
            string? socketUrl = null;
            while (socketUrl is null)
            {
                var targets = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list", deadline.Token))!.AsArray();
                socketUrl = targets.FirstOrDefault(t => (string?)t!["type"] == "page")?["webSocketDebuggerUrl"]?.GetValue<string>();
                await Task.Delay(100, deadline.Token);
            }
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri(socketUrl), deadline.Token);
            var session = new DevToolsSession(process, profile, socket);
            await session.WaitForLoadAsync(url);
            return session;
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            profile.Delete(recursive: true);
            throw;
        }
    }

    public async Task<JsonNode?> SendAsync(string method, JsonObject? parameters = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(CallTimeout);
        var id = ++_nextId;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, deadline.Token);
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var received = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await _socket.ReceiveAsync(buffer, deadline.Token);
                received.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);
            var reply = JsonNode.Parse(received.ToArray())!;
            if ((int?)reply["id"] != id)
            {
                continue; // an event, or nothing we asked for
            }
            if (reply["error"] is { } failure)
            {
                throw new InvalidOperationException($"{method}: {failure.ToJsonString()}");
            }
            return reply["result"];
        }
    }

    /// <summary>The value of a script expression in the page; a thrown exception fails the call.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (result?["exceptionDetails"] is { } exception)
        {
            throw new InvalidOperationException($"{expression}: {exception.ToJsonString()}");
        }
        return result?["result"]?["value"];
    }

    public async Task NavigateAsync(string url)
    {
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url });
        await WaitForLoadAsync(url);
    }

    /// <summary>Clicks the element's centre with mouse events, as a person would (the page sees trusted events).</summary>
    public async Task ClickAsync(string selector)
    {
        var box = await EvaluateAsync($$"""
            (() => { const e = document.querySelector({{JsonSerializer.Serialize(selector)}}); e.scrollIntoView({ block: 'center' });
                     const r = e.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()
            """) ?? throw new InvalidOperationException($"no element {selector}");
        foreach (var type in new[] { "mouseMoved", "mousePressed", "mouseReleased" })
        {
            await SendAsync("Input.dispatchMouseEvent", new JsonObject
            {
                ["type"] = type, ["x"] = box["x"]!.GetValue<double>(), ["y"] = box["y"]!.GetValue<double>(), ["button"] = "left", ["clickCount"] = 1,
            });
        }
    }

    public async Task SaveScreenshotAsync(string path)
    {
        await EvaluateAsync("window.scrollTo(0, 0)");
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" });
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(shot!["data"]!.GetValue<string>()), TestContext.Current.CancellationToken);
    }

    /// <summary>Downloads go to <paramref name="folder"/> without asking.</summary>
    public Task AllowDownloadsAsync(DirectoryInfo folder) =>
        SendAsync("Browser.setDownloadBehavior", new JsonObject { ["behavior"] = "allow", ["downloadPath"] = folder.FullName });

    private async Task WaitForLoadAsync(string url)
    {
        var path = url.Split('#')[0];
        var started = Stopwatch.StartNew();
        while ((await EvaluateAsync($"document.readyState === 'complete' && location.href.split('#')[0] === {JsonSerializer.Serialize(path)}"))?.GetValue<bool>() != true)
        {
            if (started.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"{url} did not load within {StartTimeout.TotalSeconds:0} s");
            }
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
        try
        {
            _profile.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Chromium's helpers may still hold a file for a moment; the folder is in the temp directory.
        }
    }
}
