using System.Collections.Frozen;

namespace Translate.Evaluation.Metrics;

/// <summary>Which variant of the Porter stemmer to run.</summary>
public enum PorterMode
{
    /// <summary>The algorithm as published: Porter, "An algorithm for suffix stripping", Program 14(3), 1980.</summary>
    Original,

    /// <summary>
    /// NLTK's default (<c>PorterStemmer.NLTK_EXTENSIONS</c>), which rouge-score uses with <c>use_stemmer=True</c>: the
    /// published algorithm plus Martin Porter's later fixes and NLTK's own (irregular forms, -ies/-ied on
    /// four-letter words, y→i only after a consonant, -fulli, -logi, words of one or two letters left alone).
    /// </summary>
    NltkExtensions,
}

/// <summary>
/// The Porter stemmer, written from the published algorithm and from NLTK's port (nltk/stem/porter.py), whose
/// rule order and "first matching suffix decides" semantics it follows exactly, so that ROUGE with stemming gives
/// rouge-score's numbers. Input is expected in lower case (rouge-score lowercases before stemming).
/// </summary>
public sealed class PorterStemmer(PorterMode mode = PorterMode.NltkExtensions)
{
    public static PorterStemmer Nltk { get; } = new(PorterMode.NltkExtensions);

    // NLTK's table of irregular forms: these words map straight to their paradigm, bypassing the steps.
    private static readonly FrozenDictionary<string, string> IrregularForms = new Dictionary<string, string>
    {
        ["sky"] = "sky", ["skies"] = "sky", ["dying"] = "die", ["lying"] = "lie", ["tying"] = "tie",
        ["news"] = "news", ["innings"] = "inning", ["inning"] = "inning", ["outings"] = "outing",
        ["outing"] = "outing", ["cannings"] = "canning", ["canning"] = "canning", ["howe"] = "howe",
        ["proceed"] = "proceed", ["exceed"] = "exceed", ["succeed"] = "succeed",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly record struct Rule(string Suffix, string Replacement, Func<string, bool>? Condition);

    public PorterMode Mode { get; } = mode;

    public string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (Mode == PorterMode.NltkExtensions)
        {
            if (IrregularForms.TryGetValue(word, out var paradigm))
            {
                return paradigm;
            }
            if (word.Length <= 2)
            {
                return word;
            }
        }
        if (word.Length == 0)
        {
            return word;
        }
        var stem = Step1a(word);
        stem = Step1b(stem);
        stem = Step1c(stem);
        stem = Step2(stem);
        stem = Step3(stem);
        stem = Step4(stem);
        stem = Step5a(stem);
        return Step5b(stem);
    }

    private static bool IsConsonant(string word, int i) => word[i] switch
    {
        'a' or 'e' or 'i' or 'o' or 'u' => false,
        'y' => i == 0 || !IsConsonant(word, i - 1),
        _ => true,
    };

    /// <summary>m in [C](VC){m}[V]: the number of vowel-consonant sequences.</summary>
    private static int Measure(string stem)
    {
        var m = 0;
        for (var i = 1; i < stem.Length; i++)
        {
            if (!IsConsonant(stem, i - 1) && IsConsonant(stem, i))
            {
                m++;
            }
        }
        return m;
    }

    private static bool HasPositiveMeasure(string stem) => Measure(stem) > 0;

    private static bool ContainsVowel(string stem)
    {
        for (var i = 0; i < stem.Length; i++)
        {
            if (!IsConsonant(stem, i))
            {
                return true;
            }
        }
        return false;
    }

    private static bool EndsDoubleConsonant(string word) =>
        word.Length >= 2 && word[^1] == word[^2] && IsConsonant(word, word.Length - 1);

    /// <summary>*o: the stem ends consonant-vowel-consonant, the last not w, x or y (NLTK adds a two-letter vc).</summary>
    private bool EndsCvc(string word) =>
        (word.Length >= 3
            && IsConsonant(word, word.Length - 3)
            && !IsConsonant(word, word.Length - 2)
            && IsConsonant(word, word.Length - 1)
            && word[^1] is not ('w' or 'x' or 'y'))
        || (Mode == PorterMode.NltkExtensions && word.Length == 2 && !IsConsonant(word, 0) && IsConsonant(word, 1));

    private static string ReplaceSuffix(string word, string suffix, string replacement) =>
        string.Concat(word.AsSpan(0, word.Length - suffix.Length), replacement);

    /// <summary>The first rule whose suffix matches decides: applied if its condition holds, else the word stays.</summary>
    private static string ApplyFirstMatching(string word, ReadOnlySpan<Rule> rules)
    {
        foreach (var rule in rules)
        {
            if (rule.Suffix == "*d" && EndsDoubleConsonant(word))
            {
                var stem = word[..^2];
                return rule.Condition is null || rule.Condition(stem) ? stem + rule.Replacement : word;
            }
            if (word.EndsWith(rule.Suffix, StringComparison.Ordinal))
            {
                var stem = word[..^rule.Suffix.Length];
                return rule.Condition is null || rule.Condition(stem) ? stem + rule.Replacement : word;
            }
        }
        return word;
    }

    private string Step1a(string word)
    {
        if (Mode == PorterMode.NltkExtensions && word.Length == 4 && word.EndsWith("ies", StringComparison.Ordinal))
        {
            return ReplaceSuffix(word, "ies", "ie");
        }
        return ApplyFirstMatching(word, [new("sses", "ss", null), new("ies", "i", null), new("ss", "ss", null), new("s", "", null)]);
    }

    private string Step1b(string word)
    {
        if (Mode == PorterMode.NltkExtensions && word.EndsWith("ied", StringComparison.Ordinal))
        {
            return ReplaceSuffix(word, "ied", word.Length == 4 ? "ie" : "i");
        }
        if (word.EndsWith("eed", StringComparison.Ordinal))
        {
            var stem = word[..^3];
            return Measure(stem) > 0 ? stem + "ee" : word;
        }
        string? intermediate = null;
        foreach (var suffix in (ReadOnlySpan<string>)["ed", "ing"])
        {
            if (word.EndsWith(suffix, StringComparison.Ordinal))
            {
                var stem = word[..^suffix.Length];
                if (ContainsVowel(stem))
                {
                    intermediate = stem;
                    break;
                }
            }
        }
        if (intermediate is null)
        {
            return word;
        }
        var last = intermediate[^1];
        return ApplyFirstMatching(intermediate,
        [
            new("at", "ate", null),
            new("bl", "ble", null),
            new("iz", "ize", null),
            new("*d", last.ToString(), _ => last is not ('l' or 's' or 'z')),
            new("", "e", stem => Measure(stem) == 1 && EndsCvc(stem)),
        ]);
    }

    private string Step1c(string word)
    {
        Func<string, bool> condition = Mode == PorterMode.NltkExtensions
            ? stem => stem.Length > 1 && IsConsonant(stem, stem.Length - 1)
            : ContainsVowel;
        return ApplyFirstMatching(word, [new("y", "i", condition)]);
    }

    private string Step2(string word)
    {
        if (Mode == PorterMode.NltkExtensions && word.EndsWith("alli", StringComparison.Ordinal) && HasPositiveMeasure(word[..^4]))
        {
            // NLTK applies ALLI -> AL first and runs the result through step 2 again.
            return Step2(ReplaceSuffix(word, "alli", "al"));
        }
        Func<string, bool> positive = HasPositiveMeasure;
        var rules = new List<Rule>(23)
        {
            new("ational", "ate", positive),
            new("tional", "tion", positive),
            new("enci", "ence", positive),
            new("anci", "ance", positive),
            new("izer", "ize", positive),
            Mode == PorterMode.Original ? new("abli", "able", positive) : new("bli", "ble", positive),
            new("alli", "al", positive),
            new("entli", "ent", positive),
            new("eli", "e", positive),
            new("ousli", "ous", positive),
            new("ization", "ize", positive),
            new("ation", "ate", positive),
            new("ator", "ate", positive),
            new("alism", "al", positive),
            new("iveness", "ive", positive),
            new("fulness", "ful", positive),
            new("ousness", "ous", positive),
            new("aliti", "al", positive),
            new("iviti", "ive", positive),
            new("biliti", "ble", positive),
        };
        if (Mode == PorterMode.NltkExtensions)
        {
            rules.Add(new("fulli", "ful", positive));
            // The 'l' of 'logi' stays with the stem, so short stems such as 'geo' and 'theo' qualify.
            rules.Add(new("logi", "log", _ => HasPositiveMeasure(word[..^3])));
        }
        return ApplyFirstMatching(word, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rules));
    }

    private static string Step3(string word)
    {
        Func<string, bool> positive = HasPositiveMeasure;
        return ApplyFirstMatching(word,
        [
            new("icate", "ic", positive),
            new("ative", "", positive),
            new("alize", "al", positive),
            new("iciti", "ic", positive),
            new("ical", "ic", positive),
            new("ful", "", positive),
            new("ness", "", positive),
        ]);
    }

    private static string Step4(string word)
    {
        Func<string, bool> greaterThanOne = stem => Measure(stem) > 1;
        return ApplyFirstMatching(word,
        [
            new("al", "", greaterThanOne),
            new("ance", "", greaterThanOne),
            new("ence", "", greaterThanOne),
            new("er", "", greaterThanOne),
            new("ic", "", greaterThanOne),
            new("able", "", greaterThanOne),
            new("ible", "", greaterThanOne),
            new("ant", "", greaterThanOne),
            new("ement", "", greaterThanOne),
            new("ment", "", greaterThanOne),
            new("ent", "", greaterThanOne),
            new("ion", "", stem => Measure(stem) > 1 && stem[^1] is 's' or 't'),
            new("ou", "", greaterThanOne),
            new("ism", "", greaterThanOne),
            new("ate", "", greaterThanOne),
            new("iti", "", greaterThanOne),
            new("ous", "", greaterThanOne),
            new("ive", "", greaterThanOne),
            new("ize", "", greaterThanOne),
        ]);
    }

    private string Step5a(string word)
    {
        if (word.EndsWith('e'))
        {
            var stem = word[..^1];
            var m = Measure(stem);
            if (m > 1 || (m == 1 && !EndsCvc(stem)))
            {
                return stem;
            }
        }
        return word;
    }

    private static string Step5b(string word) =>
        ApplyFirstMatching(word, [new("ll", "l", _ => Measure(word[..^1]) > 1)]);
}
