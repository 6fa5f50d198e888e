using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Translate.Protos.V1;

namespace Translate.Server.Tests;

/// <summary>
/// Both listeners on https with a self-signed certificate the fixture makes, given to Kestrel as an operator would:
/// Kestrel:Certificates:Default:Path and :Password. The channel trusts exactly that certificate.
/// </summary>
public sealed class TlsServerFixture : ServerFixture, IDisposable
{
    private const string Password = "test-pfx-password";

    private readonly string _pfx = Path.Combine(Path.GetTempPath(), $"translate-tls-{Guid.NewGuid():N}.pfx");

    public TlsServerFixture()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllBytes(_pfx, certificate.Export(X509ContentType.Pfx, Password));
        Thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
    }

    /// <summary>SHA-256 thumbprint of the server's certificate.</summary>
    public string Thumbprint { get; }

    protected override IReadOnlyList<string> ListenerArguments =>
        ["--urls", "https://127.0.0.1:0", "--Server:HttpUrls=https://127.0.0.1:0",
         $"--Kestrel:Certificates:Default:Path={_pfx}", $"--Kestrel:Certificates:Default:Password={Password}"];

    protected override void ConfigureChannel(GrpcChannelOptions options) => options.HttpHandler = TrustingHandler();

    /// <summary>A handler that trusts the fixture's certificate and nothing else.</summary>
    public HttpClientHandler TrustingHandler() => new()
    {
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            certificate is not null && certificate.GetCertHashString(HashAlgorithmName.SHA256) == Thumbprint,
    };

    public void Dispose() => File.Delete(_pfx);
}

public sealed class TlsTests(TlsServerFixture server) : IClassFixture<TlsServerFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Process_OverHttpsWithTheTestCertificate_Completes()
    {
        Assert.StartsWith("https://", server.Address);

        var result = await server.Client.ProcessAsync(new ProcessRequest { Document = new Document { Id = "tls", Text = SampleArticle.Text } },
            cancellationToken: Cancellation);

        Assert.Contains("Posted November 26", result.Text);
    }

    [Fact]
    public async Task GetInfo_CertificateNotTrusted_FailsOnTheCertificate()
    {
        // The default validation: a self-signed certificate is no one's.
        using var channel = GrpcChannel.ForAddress(server.Address);

        var refusal = await Assert.ThrowsAsync<RpcException>(() =>
            new Protos.V1.Translate.TranslateClient(channel).GetInfoAsync(new GetInfoRequest(), cancellationToken: Cancellation).ResponseAsync);

        Assert.NotEqual(StatusCode.OK, refusal.StatusCode);
        Assert.Contains("SSL", refusal.Status.DebugException?.ToString() ?? refusal.Status.Detail);
    }

    [Fact]
    public async Task JsonInfo_OverHttps_200()
    {
        Assert.StartsWith("https://", server.HttpAddress);
        using var http = new HttpClient(server.TrustingHandler());

        using var response = await http.GetAsync($"{server.HttpAddress}/v1/info", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("minilm-l6-v2", await response.Content.ReadAsStringAsync(Cancellation));
    }
}
