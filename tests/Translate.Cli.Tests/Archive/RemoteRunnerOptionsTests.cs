using System.CommandLine;
using Translate.Cli.Archive;

namespace Translate.Cli.Tests.Archive;

public sealed class RemoteRunnerOptionsTests
{
    [Fact]
    public void Read_ServersAndInflight_Settings()
    {
        var settings = Read(out var errors, "--server", "a:1,dns:///b:2", "--server-inflight", "3", "--server-timeout", "90", "--api-key", "k");

        Assert.Empty(errors);
        Assert.NotNull(settings);
        Assert.Equal(["a:1", "dns:///b:2"], settings.Servers.Select(s => s.Display));
        Assert.Equal(3, settings.InflightPerServer);
        Assert.Equal(TimeSpan.FromSeconds(90), settings.Timeout);
        Assert.Equal("k", settings.ApiKey);
    }

    [Fact]
    public void Read_NoServer_NullAndNoError()
    {
        Assert.Null(Read(out var errors));
        Assert.Empty(errors);
    }

    [Fact]
    public void Read_DefaultsWithServer_FourInflightFiveMinutes()
    {
        var settings = Read(out _, "--server", "a:1");

        Assert.Equal(4, settings!.InflightPerServer);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.Timeout);
    }

    [Theory]
    [InlineData("--server-inflight 0", "--server-inflight is 0; it must be between 1 and 1024.")]
    [InlineData("--server-timeout 0", "--server-timeout is 0; it must be a number of seconds above 0")]
    [InlineData("--server-timeout 1e9", "--server-timeout is 1000000000; it must be a number of seconds above 0, at most a day (86400).")]
    public void Read_BadValue_ErrorNamesTheOption(string arguments, string expected)
    {
        var settings = Read(out var errors, ["--server", "a:1", .. arguments.Split(' ')]);

        Assert.Null(settings);
        Assert.StartsWith(expected, Assert.Single(errors));
    }

    [Fact]
    public void Read_InflightWithoutServer_ErrorNamesBoth()
    {
        Assert.Null(Read(out var errors, "--server-inflight", "2"));

        Assert.Equal("--server-inflight applies to --server only; give the servers with --server host:port.", Assert.Single(errors));
    }

    [Fact]
    public void Read_MalformedServer_ErrorNamesTheOption()
    {
        Read(out var errors, "--server", "a:1,b");

        Assert.StartsWith("--server: 'b' is not a server address", Assert.Single(errors));
    }

    private static RemoteRunnerSettings? Read(out IReadOnlyList<string> errors, params string[] arguments)
    {
        var options = RemoteRunnerOptions.Create();
        var command = new RootCommand();
        foreach (var option in options.All)
        {
            command.Options.Add(option);
        }
        var parseResult = command.Parse(arguments);
        if (parseResult.Errors.Count > 0)
        {
            errors = [.. parseResult.Errors.Select(e => e.Message)];
            return null;
        }
        return options.Read(parseResult, out errors);
    }
}
