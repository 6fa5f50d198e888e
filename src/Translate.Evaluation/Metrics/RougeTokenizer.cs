namespace Translate.Evaluation.Metrics;

/// <summary>
/// rouge-score's tokenisation (rouge_score/tokenize.py): lower case, every character outside [a-z0-9] becomes a
/// space, split on spaces, and, with stemming, Porter-stem the tokens longer than three characters.
/// </summary>
public sealed class RougeTokenizer(PorterStemmer? stemmer)
{
    public static RougeTokenizer Stemming { get; } = new(PorterStemmer.Nltk);

    public static RougeTokenizer Plain { get; } = new(null);

    public PorterStemmer? Stemmer { get; } = stemmer;

    public IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lower = text.ToLowerInvariant();
        var tokens = new List<string>();
        var start = -1;
        for (var i = 0; i <= lower.Length; i++)
        {
            var inToken = i < lower.Length && lower[i] is >= 'a' and <= 'z' or >= '0' and <= '9';
            if (inToken && start < 0)
            {
                start = i;
            }
            else if (!inToken && start >= 0)
            {
                var token = lower[start..i];
                if (Stemmer is not null && token.Length > 3)
                {
                    token = Stemmer.Stem(token);
                }
                if (token.Length > 0)
                {
                    tokens.Add(token);
                }
                start = -1;
            }
        }
        return tokens;
    }
}
