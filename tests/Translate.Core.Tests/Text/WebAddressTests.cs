using Translate.Core.Text;

namespace Translate.Core.Tests.Text;

public sealed class WebAddressTests
{
    [Theory]
    [InlineData("Read https://example.com/AsiaNews today.", "AsiaNews")]
    [InlineData("Read http://news.example.org/a?id=1 now.", "id=1")]
    [InlineData("See www.Lemonde.fr for more.", "Lemonde")]
    [InlineData("See lemonde.fr/international for more.", "international")]
    [InlineData("Source: example.com.", "example")]
    [InlineData("Write to desk@agency.kr today.", "agency")]
    public void Contains_PositionInsideAddress_ReturnsTrue(string text, string inside)
    {
        var position = text.IndexOf(inside, StringComparison.Ordinal);

        Assert.True(WebAddress.Contains(text, position));
    }

    [Theory]
    [InlineData("They met in the community.Dr Venter spoke.", "Dr")]
    [InlineData("The U.S.Army said so.", "Army")]
    [InlineData("It runs on ASP.NET and C#.", "NET")]
    [InlineData("Growth of 3.5 percent.", "5")]
    [InlineData("See e.g.Paris or Rome.", "Paris")]
    [InlineData("The sales.Company profits fell.", "Company")]
    [InlineData("The new.computers arrived.", "computers")]
    public void Contains_PositionInOrdinaryText_ReturnsFalse(string text, string inside)
    {
        var position = text.IndexOf(inside, StringComparison.Ordinal);

        Assert.False(WebAddress.Contains(text, position));
    }

    [Fact]
    public void Contains_PositionInWordNextToAddress_ReturnsFalse()
    {
        const string text = "Visit https://example.com/x Tomorrow";

        Assert.False(WebAddress.Contains(text, text.IndexOf("Tomorrow", StringComparison.Ordinal)));
        Assert.False(WebAddress.Contains(text, 0));
    }
}
