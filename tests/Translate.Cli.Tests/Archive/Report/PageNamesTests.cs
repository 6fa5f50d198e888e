using Translate.Cli.Archive.Report;

namespace Translate.Cli.Tests.Archive.Report;

public sealed class PageNamesTests
{
    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("news/2026/été/北京.html")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("..")]
    [InlineData("CON")]
    [InlineData("")]
    public void For_AnyId_SafeAsciiFileName(string id)
    {
        var name = new PageNames().For(id);

        Assert.Matches("^[A-Za-z0-9_][A-Za-z0-9_.-]*\\.html$", name);
        Assert.DoesNotContain("..", name);
        Assert.True(name.Length <= 40 + 1 + 12 + 5 + 4);
    }

    [Fact]
    public void For_VeryLongId_ShortName()
    {
        Assert.True(new PageNames().For(new string('a', 10_000)).Length < 64);
    }

    [Fact]
    public void For_IdsThatSanitizeAlike_DistinctNames()
    {
        var names = new PageNames();

        Assert.NotEqual(names.For("a/b"), names.For("a:b"));
    }

    [Fact]
    public void For_RepeatedId_NumberedNames()
    {
        var names = new PageNames();

        var first = names.For("same");
        var second = names.For("same");
        var third = names.For("same");

        Assert.Equal([first[..^5] + "-2.html", first[..^5] + "-3.html"], [second, third]);
    }

    [Fact]
    public void For_SameIdInTwoReports_SameName() =>
        Assert.Equal(new PageNames().For("news/a.txt"), new PageNames().For("news/a.txt"));
}
