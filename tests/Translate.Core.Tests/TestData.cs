namespace Translate.Core.Tests;

internal static class TestData
{
    /// <summary>The sample article: a poor machine translation from French (tests/data/xi-kim-article.txt).</summary>
    public static string XiKimArticle { get; } = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "xi-kim-article.txt"));

    /// <summary>The sample article as a news page (tests/data/xi-kim-article.html), built from the same text.</summary>
    public static string XiKimArticleHtml { get; } = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "xi-kim-article.html"));

    public const string FrenchCaption = "XI Jinping et Kim Jong Un ensemble en 2019.";
}
