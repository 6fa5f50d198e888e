using System.Text.Json;
using Translate.Core.Cleanup;
using Translate.Core.Processing;

namespace Translate.Cli.Archive.Report;

/// <summary>The names the report (CSS classes, legend, JSON) uses for edit kinds and dispositions: the JSON contract's snake_case.</summary>
internal static class EditKinds
{
    public static IReadOnlyList<EditKind> All { get; } = Enum.GetValues<EditKind>();

    public static string Name(EditKind kind) => JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString());

    public static string Label(EditKind kind) => Name(kind).Replace('_', ' ');

    public static string Name(EditDisposition disposition) => JsonNamingPolicy.SnakeCaseLower.ConvertName(disposition.ToString());

    /// <summary>Rejecting means keeping the original text at the span; a flagged edit changed nothing and offers nothing.</summary>
    public static bool IsRejectable(ReportedEdit edit) => edit.Disposition is EditDisposition.Applied or EditDisposition.Suggested;

    /// <summary>One bit a kind, for the index's filter by kind.</summary>
    public static int Bit(EditKind kind) => 1 << ((int)kind - 1);
}
