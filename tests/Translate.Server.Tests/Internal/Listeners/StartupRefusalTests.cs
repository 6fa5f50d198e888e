using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Translate.Server.Tests.Internal.Listeners;

/// <summary>A server bound beyond loopback without API keys must not start, and must say which settings fix it.</summary>
public sealed class StartupRefusalTests
{
    [Theory]
    [InlineData("--urls", "http://0.0.0.0:0")]
    [InlineData("--urls", "http://[::]:0")]
    [InlineData("--urls", "http://*:0")]
    [InlineData("--Server:HttpUrls", "http://0.0.0.0:0")]
    public async Task Start_BeyondLoopbackWithoutKeys_RefusedNamingTheSettings(string setting, string address)
    {
        string[] listeners = setting == "--urls"
            ? ["--urls", address, "--Server:HttpUrls=http://127.0.0.1:0"]
            : ["--urls", "http://127.0.0.1:0", $"--Server:HttpUrls={address}"];
        await using var app = TranslateServer.Build(listeners, builder => builder.Logging.ClearProviders());

        var refusal = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        var message = Assert.Single(refusal.Failures);
        Assert.Contains(address, message);
        Assert.Contains(setting.TrimStart('-'), message);
        Assert.Contains("Server:ApiKeys", message);
        Assert.Contains("Server:ApiKeysFile", message);
        Assert.Contains("Server:AllowAnonymous=true", message);
    }

    [Theory]
    [InlineData("--Server:AllowAnonymous=true")]
    [InlineData("--Server:ApiKeys=an-api-key-of-32-characters-0000")]
    public async Task Start_BeyondLoopbackWithKeysOrAllowAnonymous_Starts(string permission)
    {
        await using var app = TranslateServer.Build(["--urls", "http://0.0.0.0:0", "--Server:HttpUrls=http://127.0.0.1:0", permission],
            builder => builder.Logging.ClearProviders());

        await app.StartAsync(TestContext.Current.CancellationToken);
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void ValidateSettings_BadAddressAndGrace_EveryFailureNamed()
    {
        var app = TranslateServer.Build(["--urls", "http://127.0.0.1:0", "--Server:HttpUrls=ftp://127.0.0.1:21", "--Server:ShutdownGraceSeconds=0"]);

        var refusal = Assert.Throws<OptionsValidationException>(() => TranslateServer.ValidateSettings(app));

        Assert.Contains(refusal.Failures, f => f.StartsWith("Server:HttpUrls: 'ftp://127.0.0.1:21' is not an address to listen on", StringComparison.Ordinal));
        Assert.Contains(refusal.Failures, f => f.StartsWith("Server:ShutdownGraceSeconds must be positive", StringComparison.Ordinal));
    }
}
