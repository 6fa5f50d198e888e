using System.Text.Json;
using System.Text.Json.Nodes;
using Translate.Cli.Archive.Internal;
using Translate.Cli.Internal;
using Translate.Core.Processing;

namespace Translate.Cli.Archive;

/// <summary>
/// A reviewer's decisions (<c>--decisions FILE</c>, format "translate-decisions/1"): the edits to reject, each named
/// by its document and its start, length and replacement in code points of the original. A rejected applied edit
/// leaves the original at its span; it stays in the document's edits with disposition "rejected".
/// </summary>
internal sealed class ArchiveDecisions
{
    public const string FormatName = "translate-decisions/1";

    private readonly Dictionary<string, List<Rejection>> _rejected;

    private ArchiveDecisions(Dictionary<string, List<Rejection>> rejected) => _rejected = rejected;

    public int Count => _rejected.Values.Sum(r => r.Count);

    /// <exception cref="InvalidDataException">The file is not a decisions file; the message names the problem.</exception>
    public static ArchiveDecisions Load(string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"the decisions file '{path}' is not JSON: {exception.Message}");
        }
        if (root is not JsonObject file || (string?)file["format"] != FormatName)
        {
            throw new InvalidDataException($"the decisions file '{path}' is not a \"{FormatName}\" file: its \"format\" must be \"{FormatName}\".");
        }
        if (file["rejected"] is not JsonArray rejected)
        {
            throw new InvalidDataException($"the decisions file '{path}' has no \"rejected\" list.");
        }
        var byId = new Dictionary<string, List<Rejection>>(StringComparer.Ordinal);
        for (var i = 0; i < rejected.Count; i++)
        {
            try
            {
                var item = rejected[i]!.AsObject();
                var rejection = new Rejection((int)item["start"]!, (int)item["length"]!, (string)item["replacement"]!);
                var id = (string)item["id"]!;
                if (!byId.TryGetValue(id, out var list))
                {
                    byId[id] = list = [];
                }
                list.Add(rejection);
            }
            catch (Exception exception) when (exception is InvalidOperationException or NullReferenceException or FormatException)
            {
                throw new InvalidDataException($"the decisions file '{path}': rejected[{i}] must be {{\"id\", \"start\", \"length\", \"replacement\"}}.");
            }
        }
        return new ArchiveDecisions(byId);
    }

    /// <summary>
    /// What in the decisions does not name a finished document's edit: an id the ledger does not have, a document
    /// that failed, an edit the document does not have. One message a mistake; empty when every decision applies.
    /// </summary>
    internal IReadOnlyList<string> Check(Ledger ledger)
    {
        var errors = new List<string>();
        foreach (var (id, rejections) in _rejected.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var row = ledger.Find(id);
            if (row is null)
            {
                errors.Add($"the decisions name document '{id}', which this output does not have (unknown id).");
                continue;
            }
            if (!row.Ok)
            {
                errors.Add($"the decisions name document '{id}', which failed ({row.Error}); it has no edits to reject.");
                continue;
            }
            var edits = EditsOf(JsonNode.Parse(row.Result!)!.AsObject());
            foreach (var rejection in rejections.Where(r => !edits.Any(e => r.Names(e))))
            {
                errors.Add($"the decisions reject an edit of document '{id}' that it does not have: start {rejection.Start}, length {rejection.Length}, replacement \"{rejection.Replacement}\" (unknown edit).");
            }
        }
        return errors;
    }

    /// <summary>
    /// Marks the rejected edits of one document's line and rebuilds its output from <paramref name="original"/> and
    /// the applied edits left; null when no decision names the document (its output stays as it is).
    /// </summary>
    internal string? Apply(string id, JsonObject line, string original)
    {
        if (!_rejected.TryGetValue(id, out var rejections))
        {
            return null;
        }
        var kept = new List<ReportedEdit>();
        foreach (var edit in EditsOf(line))
        {
            if (rejections.Any(r => r.Names(edit)))
            {
                edit["disposition"] = "rejected";
            }
            else if ((string?)edit["disposition"] == "applied")
            {
                kept.Add(edit.Deserialize<ReportedEdit>(CliJson.Options)!);
            }
        }
        try
        {
            return EditReplay.Apply(original, kept);
        }
        catch (ArgumentException exception)
        {
            throw new InvalidDataException($"document '{id}': {exception.Message}", exception);
        }
    }

    private static List<JsonObject> EditsOf(JsonObject line) =>
        line["edits"] is JsonArray edits ? [.. edits.OfType<JsonObject>()] : [];

    private sealed record Rejection(int Start, int Length, string Replacement)
    {
        public bool Names(JsonObject edit) =>
            (int?)edit["start"] == Start && (int?)edit["length"] == Length && (string?)edit["replacement"] == Replacement;
    }
}
