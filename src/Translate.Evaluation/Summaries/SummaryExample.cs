using System.Text.Json;
using System.Text.Json.Serialization;

namespace Translate.Evaluation.Summaries;

/// <summary>One article with its reference summary (highlights, one sentence a line), as CNN/DailyMail gives them.</summary>
public sealed record SummaryExample(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("article")] string Article,
    [property: JsonPropertyName("reference")] string Reference)
{
    /// <summary>Reads a JSONL file of <c>{"id","article","reference"}</c> lines; the error names the bad line.</summary>
    public static IReadOnlyList<SummaryExample> ReadJsonLines(TextReader reader)
    {
        var examples = new List<SummaryExample>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            SummaryExample? example;
            try
            {
                example = JsonSerializer.Deserialize<SummaryExample>(line);
            }
            catch (JsonException exception)
            {
                throw new InvalidDataException($"line {lineNumber} is not a JSON object: {exception.Message}", exception);
            }
            if (example is null || string.IsNullOrWhiteSpace(example.Article) || string.IsNullOrWhiteSpace(example.Reference))
            {
                throw new InvalidDataException($"line {lineNumber} lacks \"article\" or \"reference\".");
            }
            examples.Add(example with { Id = string.IsNullOrEmpty(example.Id) ? $"line-{lineNumber}" : example.Id });
        }
        return examples;
    }
}
