using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Translate.Server.Tests;

/// <summary>The JSON API (the .proto's google.api.http rules) and its OpenAPI document, on the HTTP/1.1 listener.</summary>
[Collection(ServerCollection.Name)]
public sealed class HttpApiTests(ServerFixture server)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static string ProcessBody(int maxWords) => new JsonObject
    {
        ["document"] = new JsonObject { ["id"] = "xi-kim", ["text"] = SampleArticle.Text },
        ["summary"] = new JsonObject { ["maxWords"] = maxWords },
    }.ToJsonString();

    [Fact]
    public async Task PostProcess_SampleArticle_RepairsFlagsFrenchAndSummarizes()
    {
        using var http = new HttpClient { DefaultRequestVersion = HttpVersion.Version11 };

        using var response = await http.PostAsync($"{server.HttpAddress}/v1/process",
            new StringContent(ProcessBody(60), Encoding.UTF8, "application/json"), Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version11, response.Version);
        AssertRepaired(JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancellation))!);
    }

    [Fact]
    public async Task PostProcess_WithCurl_RepairsFlagsFrenchAndSummarizes()
    {
        var body = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(body, ProcessBody(60), Cancellation);
            // The README's command.
            var (exitCode, output) = await RunAsync("curl", "-sS", "--fail-with-body", "-X", "POST", $"{server.HttpAddress}/v1/process",
                "-H", "content-type: application/json", "--data-binary", $"@{body}");
            if (exitCode == -1)
            {
                Assert.False(Environment.GetEnvironmentVariable("CI") == "true", "CI must install curl (.ci/run).");
                Assert.Skip("curl is not installed.");
            }

            Assert.True(exitCode == 0, $"curl failed ({exitCode}): {output}");
            AssertRepaired(JsonNode.Parse(output)!);
        }
        finally
        {
            File.Delete(body);
        }
    }

    [Fact]
    public async Task PostClean_BlankText_400WithInvalidArgument()
    {
        using var http = new HttpClient();

        using var response = await http.PostAsync($"{server.HttpAddress}/v1/clean",
            new StringContent("""{"document":{"text":"   "}}""", Encoding.UTF8, "application/json"), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancellation))!;
        Assert.Equal(3, (int)error["code"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)error["message"]));
    }

    [Fact]
    public async Task GetInfo_Json_ListsTheReadyModelAndLimits()
    {
        using var http = new HttpClient();

        var info = JsonNode.Parse(await http.GetStringAsync($"{server.HttpAddress}/v1/info", Cancellation))!;

        Assert.Contains(info["models"]!.AsArray(), m => (string?)m!["name"] == "minilm-l6-v2" && (bool)m["ready"]!);
        Assert.Equal(ServerFixture.MaxTextCodePoints, (int)info["limits"]!["maxTextCodePoints"]!);
    }

    [Fact]
    public async Task OpenApi_Document_DescribesTheFourRoutes()
    {
        using var http = new HttpClient();

        var document = JsonNode.Parse(await http.GetStringAsync($"{server.HttpAddress}/openapi/v1.json", Cancellation))!;

        var paths = document["paths"]!.AsObject();
        Assert.NotNull(paths["/v1/process"]!["post"]);
        Assert.NotNull(paths["/v1/clean"]!["post"]);
        Assert.NotNull(paths["/v1/summarize"]!["post"]);
        Assert.NotNull(paths["/v1/info"]!["get"]);
        Assert.NotNull(document["components"]!["schemas"]!["ProcessRequest"]);
    }

    [Fact]
    public async Task GrpcListener_Http11Request_400SayingHttp2Only()
    {
        // Cleartext HTTP/2 only: an HTTP/1.1 client cannot talk to the gRPC port.
        using var http = new HttpClient { DefaultRequestVersion = HttpVersion.Version11, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var response = await http.GetAsync($"{server.Address}/v1/info", Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("HTTP/2 only endpoint", await response.Content.ReadAsStringAsync(Cancellation));
    }

    private static void AssertRepaired(JsonNode result)
    {
        Assert.Equal("xi-kim", (string?)result["id"]);
        Assert.Contains("Asia Xi Jinping offers", (string?)result["text"]);
        Assert.Contains("Posted November 26", (string?)result["text"]);
        var edits = result["edits"]!.AsArray();
        Assert.Equal(2, edits.Count(e => (string?)e!["kind"] == "EDIT_KIND_GLUED_WORDS"));
        var untranslated = Assert.Single(edits, e => (string?)e!["kind"] == "EDIT_KIND_UNTRANSLATED")!;
        Assert.Equal(SampleArticle.FrenchCaption, (string?)untranslated["original"]);
        Assert.Equal(SampleArticle.FrenchCaption,
            SampleArticle.SliceCodePoints(SampleArticle.Text, (int)untranslated["start"]!, (int)untranslated["length"]!));
        Assert.InRange((int)result["summary"]!["wordCount"]!, 1, 60);
        Assert.Equal("SUMMARY_METHOD_EXTRACTIVE", (string?)result["summary"]!["method"]);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(Cancellation);
            var stderr = process.StandardError.ReadToEndAsync(Cancellation);
            await process.WaitForExitAsync(Cancellation);
            return (process.ExitCode, await stdout + await stderr);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, string.Empty);
        }
    }
}
