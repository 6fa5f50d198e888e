using System.Text.Json;
using System.Text.Json.Serialization;

namespace Translate.Evaluation.Repair;

/// <summary>One damaged machine translation with its reference translation and the kinds of damage it holds.</summary>
/// <param name="SourceText">The original the text was translated from, when the dev set has it.</param>
/// <param name="Damage">Kinds of damage in the text (glued, calque, untranslated…), for the per-kind scores.</param>
public sealed record RepairExample(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("source_text")] string? SourceText,
    [property: JsonPropertyName("reference")] string Reference,
    [property: JsonPropertyName("damage")] IReadOnlyList<string>? Damage)
{
    /// <summary>Reads a JSONL file of <c>{"id","text","source_text"?,"reference","damage"?:[...]}</c> lines; the error names the bad line.</summary>
    public static IReadOnlyList<RepairExample> ReadJsonLines(TextReader reader)
    {
        var examples = new List<RepairExample>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            RepairExample? example;
            try
            {
                example = JsonSerializer.Deserialize<RepairExample>(line);
            }
            catch (JsonException exception)
            {
                throw new InvalidDataException($"line {lineNumber} is not a JSON object: {exception.Message}", exception);
            }
            if (example is null || string.IsNullOrEmpty(example.Text) || string.IsNullOrEmpty(example.Reference))
            {
                throw new InvalidDataException($"line {lineNumber} lacks \"text\" or \"reference\".");
            }
            examples.Add(example);
        }
        return examples;
    }
}
