using System.Globalization;
using System.Text;

namespace Translate.Core.Tests.Tokenization;

/// <summary>Every Unicode scalar value, alone and inside a word, tokenized as Hugging Face does.</summary>
public sealed class EveryCodePointTests(HuggingFaceReference hf) : IClassFixture<HuggingFaceReference>
{
    [Fact]
    public void EveryScalarValue_InsideAWordAndAlone_MatchesHuggingFace()
    {
        const int chunk = 256;
        var differences = new List<string>();
        var builder = new StringBuilder();
        for (var first = 0; first <= 0x10FFFF; first += chunk)
        {
            builder.Clear();
            for (var cp = first; cp < first + chunk; cp++)
            {
                if (cp is >= 0xD800 and <= 0xDFFF)
                {
                    continue;
                }
                builder.Append(" x").Append(char.ConvertFromUtf32(cp)).Append("y ").Append(char.ConvertFromUtf32(cp));
            }
            var text = builder.ToString();
            if (hf.Ours.EncodeToIds(text).AsSpan().SequenceEqual(hf.Reference(text)))
            {
                continue;
            }
            for (var cp = first; cp < first + chunk; cp++)
            {
                if (cp is >= 0xD800 and <= 0xDFFF)
                {
                    continue;
                }
                var one = "x" + char.ConvertFromUtf32(cp) + "y " + char.ConvertFromUtf32(cp);
                var ours = hf.Ours.EncodeToIds(one);
                var reference = hf.Reference(one);
                if (!ours.AsSpan().SequenceEqual(reference))
                {
                    differences.Add($"U+{cp:X4} {CharUnicodeInfo.GetUnicodeCategory(cp)}: ours {string.Join(' ', ours)}, Hugging Face {string.Join(' ', reference)}");
                }
            }
        }
        Assert.True(differences.Count == 0, $"{differences.Count} code points differ:\n{string.Join('\n', differences.Take(50))}");
    }
}
