using Translate.Server.Internal.Access;

namespace Translate.Server.Tests.Internal.Access;

public sealed class ApiKeysTests
{
    private const string First = "first-key-0123456789abcdef";
    private const string Second = "second-key-0123456789abcdef";

    [Fact]
    public void Accepts_EachConfiguredKey_True()
    {
        var keys = new ApiKeys([First, Second]);

        Assert.True(keys.Required);
        Assert.True(keys.Accepts(First));
        Assert.True(keys.Accepts(Second));
    }

    [Theory]
    [InlineData("")]
    [InlineData("first-key-0123456789abcde")]
    [InlineData("first-key-0123456789abcdef0")]
    [InlineData("FIRST-KEY-0123456789ABCDEF")]
    public void Accepts_PrefixLongerOrOtherCase_False(string presented)
    {
        Assert.False(new ApiKeys([First, Second]).Accepts(presented));
    }

    [Fact]
    public void Accepts_HeaderLongerThanTheStackBuffer_FalseWithoutThrowing()
    {
        Assert.False(new ApiKeys([First]).Accepts(new string('k', 10_000)));
    }

    [Fact]
    public void Required_NoKeys_False()
    {
        Assert.False(new ApiKeys([]).Required);
    }

    [Fact]
    public void Read_FileWithCommentsAndBlankLines_KeysFromListAndFile()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file, ["# rotated 2026-01", "", $"  {Second}  ", "#not-a-key-0123456789abcdef"]);
            var options = new ServerOptions { ApiKeys = [First], ApiKeysFile = file };

            var keys = ApiKeySources.Read(options, out var errors);

            Assert.Empty(errors);
            Assert.Equal([First, Second], keys);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Read_MissingFile_ErrorNamesTheSetting()
    {
        var options = new ServerOptions { ApiKeysFile = "/nonexistent/keys.txt" };

        ApiKeySources.Read(options, out var errors);

        Assert.Contains(errors, e => e.StartsWith("Server:ApiKeysFile: '/nonexistent/keys.txt' cannot be read", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_ShortKey_ErrorNamesTheSettingAndTheMinimum()
    {
        ApiKeySources.Read(new ServerOptions { ApiKeys = ["short"] }, out var errors);

        var error = Assert.Single(errors);
        Assert.StartsWith("Server:ApiKeys: 1 key(s) shorter than 16 characters", error);
    }
}
