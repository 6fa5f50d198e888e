using Translate.Core.Language;

namespace Translate.Core.Tests.Language;

public sealed class LanguageIdentifierTests(RuntimeFixture fixture)
{
    private readonly LanguageIdentifier _languages = fixture.Runtime.Languages;

    [Fact]
    public void Identify_FrenchCaptionFullOfNames_IsFrench()
    {
        var guess = _languages.Identify(TestData.FrenchCaption);

        Assert.Equal("fr", guess.Language);
        Assert.True(guess.ConfidenceOf("fr") > 4 * guess.ConfidenceOf("en"), $"fr {guess.ConfidenceOf("fr"):0.00}, en {guess.ConfidenceOf("en"):0.00}");
    }

    [Theory]
    [InlineData("The letter comes as tensions are at their height on the Korean peninsula.", "en")]
    [InlineData("La lettre arrive alors que les tensions sont à leur comble dans la péninsule.", "fr")]
    [InlineData("Der Brief kommt zu einer Zeit, in der die Spannungen auf der Halbinsel groß sind.", "de")]
    public void Identify_OrdinarySentence_ReturnsItsLanguage(string sentence, string expected)
    {
        Assert.Equal(expected, _languages.Identify(sentence).Language);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Kim Jong Un, Xi Jinping")]
    [InlineData("November 26, 2022, 06:51")]
    public void Identify_TooFewCommonWords_IsUnknown(string text)
    {
        var guess = _languages.Identify(text);

        Assert.False(guess.IsKnown);
        Assert.Equal(string.Empty, guess.Language);
    }

    [Fact]
    public void NameOf_KnownCode_ReturnsEnglishName()
    {
        Assert.Equal("French", LanguageIdentifier.NameOf("fr"));
        Assert.Equal("French", LanguageIdentifier.NameOf("FR"));
        Assert.Equal("xx", LanguageIdentifier.NameOf("xx"));
    }

    [Fact]
    public void Constructor_UnknownCode_ThrowsNamingTheSettingAndCode()
    {
        var options = new LanguageIdentifierOptions { Preload = false };
        options.Languages.Add("qq");

        var exception = Assert.Throws<ArgumentException>(() => new LanguageIdentifier(options));

        Assert.Contains("LanguageIdentification:Languages", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'qq'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_SingleLanguage_ThrowsNamingTheSetting()
    {
        var options = new LanguageIdentifierOptions { Preload = false };
        options.Languages.Clear();
        options.Languages.Add("en");
        options.Languages.Add("EN");

        var exception = Assert.Throws<ArgumentException>(() => new LanguageIdentifier(options));

        Assert.Contains("LanguageIdentification:Languages", exception.Message, StringComparison.Ordinal);
    }
}
