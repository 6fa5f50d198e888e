namespace Translate.Core.Language;

/// <summary>A translation direction between two ISO 639-1 codes, written "fr-en" in configuration.</summary>
public readonly record struct LanguagePair(string Source, string Target)
{
    /// <summary>Reads "fr-en" (in lower case, as language codes are compared); <paramref name="setting"/> names where it came from, for the error.</summary>
    /// <exception cref="ArgumentException">It is not two codes joined by '-'.</exception>
    public static LanguagePair Parse(string direction, string setting)
    {
        var dash = direction.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || dash == direction.Length - 1 || direction.IndexOf('-', dash + 1) >= 0)
        {
            throw new ArgumentException($"{setting} must name a direction such as fr-en.");
        }
        return new LanguagePair(direction[..dash].ToLowerInvariant(), direction[(dash + 1)..].ToLowerInvariant());
    }

    /// <summary>"fr-en".</summary>
    public override string ToString() => $"{Source}-{Target}";
}
