using Translate.Evaluation.Metrics;

namespace Translate.Evaluation.Tests.Metrics;

public sealed class PorterStemmerTests
{
    // Expected stems from NLTK 3.8's PorterStemmer (NLTK_EXTENSIONS, rouge-score's choice, and ORIGINAL_ALGORITHM);
    // the words are the examples of Porter's 1980 paper plus those where the two modes part.
    [Theory]
    [InlineData("caresses", "caress", "caress")]
    [InlineData("ponies", "poni", "poni")]
    [InlineData("ties", "tie", "ti")]
    [InlineData("cats", "cat", "cat")]
    [InlineData("agreed", "agre", "agre")]
    [InlineData("plastered", "plaster", "plaster")]
    [InlineData("bled", "bled", "bled")]
    [InlineData("motoring", "motor", "motor")]
    [InlineData("sing", "sing", "sing")]
    [InlineData("conflated", "conflat", "conflat")]
    [InlineData("troubled", "troubl", "troubl")]
    [InlineData("sized", "size", "size")]
    [InlineData("hopping", "hop", "hop")]
    [InlineData("tanned", "tan", "tan")]
    [InlineData("falling", "fall", "fall")]
    [InlineData("hissing", "hiss", "hiss")]
    [InlineData("fizzed", "fizz", "fizz")]
    [InlineData("failing", "fail", "fail")]
    [InlineData("filing", "file", "file")]
    [InlineData("happy", "happi", "happi")]
    [InlineData("enjoy", "enjoy", "enjoi")]
    [InlineData("sky", "sky", "sky")]
    [InlineData("skies", "sky", "ski")]
    [InlineData("dying", "die", "dy")]
    [InlineData("news", "news", "new")]
    [InlineData("proceed", "proceed", "proce")]
    [InlineData("relational", "relat", "relat")]
    [InlineData("conditional", "condit", "condit")]
    [InlineData("conformabli", "conform", "conform")]
    [InlineData("radicalli", "radic", "radic")]
    [InlineData("vietnamization", "vietnam", "vietnam")]
    [InlineData("hopefulness", "hope", "hope")]
    [InlineData("sensibiliti", "sensibl", "sensibl")]
    [InlineData("triplicate", "triplic", "triplic")]
    [InlineData("electrical", "electr", "electr")]
    [InlineData("allowance", "allow", "allow")]
    [InlineData("replacement", "replac", "replac")]
    [InlineData("agreement", "agreement", "agreement")]
    [InlineData("adoption", "adopt", "adopt")]
    [InlineData("activate", "activ", "activ")]
    [InlineData("effective", "effect", "effect")]
    [InlineData("bowdlerize", "bowdler", "bowdler")]
    [InlineData("controll", "control", "control")]
    [InlineData("roll", "roll", "roll")]
    [InlineData("generalizations", "gener", "gener")]
    [InlineData("oscillators", "oscil", "oscil")]
    [InlineData("geology", "geolog", "geologi")]
    [InlineData("dies", "die", "di")]
    [InlineData("spied", "spi", "spi")]
    [InlineData("died", "die", "di")]
    [InlineData("is", "is", "i")]
    [InlineData("fully", "fulli", "fulli")]
    public void Stem_Word_MatchesNltk(string word, string nltkStem, string originalStem)
    {
        Assert.Equal(nltkStem, new PorterStemmer(PorterMode.NltkExtensions).Stem(word));
        Assert.Equal(originalStem, new PorterStemmer(PorterMode.Original).Stem(word));
    }
}
