using Translate.Cli.Archive.Internal;

namespace Translate.Cli.Tests.Archive;

public sealed class ServerAddressTests
{
    [Theory]
    [InlineData("a:50051", "http://a:50051/", false, "a:50051")]
    [InlineData("http://10.0.0.7:8080", "http://10.0.0.7:8080/", false, "10.0.0.7:8080")]
    [InlineData("https://translate.example:443", "https://translate.example/", false, "translate.example:443")]
    [InlineData("dns:///translate-headless.news.svc.cluster.local:50051", "dns:///translate-headless.news.svc.cluster.local:50051", true, "dns:///translate-headless.news.svc.cluster.local:50051")]
    public void Parse_Address_TargetAndName(string entry, string target, bool isDns, string display)
    {
        var address = ServerAddress.Parse(entry, "--server");

        Assert.Equal(target, address.Target.AbsoluteUri);
        Assert.Equal(isDns, address.IsDns);
        Assert.Equal(display, address.Display);
    }

    [Fact]
    public void ParseList_CommaList_EachServerInOrder()
    {
        var addresses = ServerAddress.ParseList(" a:1, b:2 ,dns:///c:3", "--server");

        Assert.Equal(["a:1", "b:2", "dns:///c:3"], addresses.Select(a => a.Display));
        Assert.Equal("c", addresses[2].Host);
    }

    [Theory]
    [InlineData("a", "--server: 'a' is not a server address: give the gRPC port")]
    [InlineData("ftp://a:21", "--server: 'ftp://a:21' is not a server address: use host:port")]
    [InlineData("http://a:5000/v1", "--server: 'http://a:5000/v1' is not a server address: a server address has no path")]
    [InlineData("dns:///translate-headless", "--server: 'dns:///translate-headless' is not a server address: a DNS name needs its port")]
    [InlineData("a:1,a:1", "--server names 'a:1' twice")]
    [InlineData(" , ", "--server needs at least one address")]
    public void ParseList_Malformed_ErrorNamesTheOptionAndEntry(string value, string expected)
    {
        var error = Assert.Throws<FormatException>(() => ServerAddress.ParseList(value, "--server"));

        Assert.StartsWith(expected, error.Message);
    }
}
