using Translate.Core.Text;

namespace Translate.Core.Tests.Text;

public sealed class WebAddressesTests
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

        Assert.True(WebAddresses.In(text).Contains(position));
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

        Assert.False(WebAddresses.In(text).Contains(position));
    }

    [Fact]
    public void Contains_PositionInWordNextToAddress_ReturnsFalse()
    {
        const string text = "Visit https://example.com/x Tomorrow";

        Assert.False(WebAddresses.In(text).Contains(text.IndexOf("Tomorrow", StringComparison.Ordinal)));
        Assert.False(WebAddresses.In(text).Contains(0));
    }

    [Fact]
    public void Contains_SpaceRightAfterAddress_BelongsToIt()
    {
        const string text = "See example.com : then  more";
        var addresses = WebAddresses.In(text);

        Assert.True(addresses.Contains(text.IndexOf(" :", StringComparison.Ordinal)));
        Assert.False(addresses.Contains(text.IndexOf("  more", StringComparison.Ordinal) + 1));
    }

    [Fact]
    public void In_TextWithNoWhiteSpace_AnswersEveryPositionInLinearTime()
    {
        var text = "https://example.com/" + new string('a', 200_000);
        var addresses = WebAddresses.In(text);

        // One pass to build, then a logarithmic lookup per position: all 200,000 lookups together stay far below
        // what 200,000 rescans of the token (the old way: 4e10 character reads) would cost.
        var inside = 0;
        for (var i = 0; i < text.Length; i++)
        {
            inside += addresses.Contains(i) ? 1 : 0;
        }

        Assert.Equal(text.Length, inside);
    }
}
