using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using Grpc.Health.V1;
using Translate.Protos.V1;

namespace Translate.Server.Tests.Internal.Access;

/// <summary>The gRPC listener on every interface, allowed by API keys; the tests reach it through loopback only.</summary>
public sealed class KeyedServerFixture : ServerFixture
{
    public const string Key = "test-key-7f3a9c2e5b8d1f4a6c0e9b2d";
    public const string OtherKey = "other-key-1b2c3d4e5f60718293a4b5c6";

    protected override IReadOnlyList<string> ListenerArguments => ["--urls", "http://0.0.0.0:0", "--Server:HttpUrls=http://127.0.0.1:0"];

    protected override IReadOnlyList<string> ExtraArguments => [$"--Server:ApiKeys={Key},{OtherKey}"];
}

public sealed class ApiKeyAccessTests(KeyedServerFixture server) : IClassFixture<KeyedServerFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static Metadata Bearer(string key) => new() { { "authorization", $"Bearer {key}" } };

    private static ProcessRequest Article => new() { Document = new Document { Id = "xi-kim", Text = SampleArticle.Text } };

    [Fact]
    public async Task Process_NoKey_Unauthenticated()
    {
        var refusal = await Assert.ThrowsAsync<RpcException>(() => server.Client.ProcessAsync(Article, cancellationToken: Cancellation).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, refusal.StatusCode);
        Assert.Contains("authorization: Bearer KEY", refusal.Status.Detail);
    }

    [Fact]
    public async Task Process_WrongKey_Unauthenticated()
    {
        var refusal = await Assert.ThrowsAsync<RpcException>(() =>
            server.Client.ProcessAsync(Article, Bearer("not-the-key-7f3a9c2e5b8d1f4a6c0e9b2d"), cancellationToken: Cancellation).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, refusal.StatusCode);
    }

    [Fact]
    public async Task GetInfo_NoKeyAsRawHttp2_GrpcStatusUnauthenticated()
    {
        var (status, _) = await GrpcWire.CallAsync(server.Address, "translate.v1.Translate/GetInfo", new GetInfoRequest(), 10_000, Cancellation);

        Assert.Equal(StatusCode.Unauthenticated, status);
    }

    [Theory]
    [InlineData(KeyedServerFixture.Key)]
    [InlineData(KeyedServerFixture.OtherKey)]
    public async Task Process_EitherKey_Completes(string key)
    {
        var result = await server.Client.ProcessAsync(Article, Bearer(key), cancellationToken: Cancellation);

        Assert.Contains("Asia Xi Jinping offers", result.Text);
        Assert.NotEmpty(result.Summary.Sentences);
    }

    [Fact]
    public async Task Health_NoKey_Serving()
    {
        var response = await new Health.HealthClient(server.Channel).CheckAsync(new HealthCheckRequest(), cancellationToken: Cancellation);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task JsonInfo_NoKey_401WithChallenge()
    {
        using var http = new HttpClient();

        using var response = await http.GetAsync($"{server.HttpAddress}/v1/info", Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Contains("\"code\":16", await response.Content.ReadAsStringAsync(Cancellation));
    }

    [Fact]
    public async Task JsonInfo_WithKey_200()
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", KeyedServerFixture.Key);

        using var response = await http.GetAsync($"{server.HttpAddress}/v1/info", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("minilm-l6-v2", await response.Content.ReadAsStringAsync(Cancellation));
    }

    [Fact]
    public async Task Metrics_NoKey_401()
    {
        using var http = new HttpClient();

        using var response = await http.GetAsync($"{server.HttpAddress}/metrics", Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
