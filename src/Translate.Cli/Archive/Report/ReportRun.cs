namespace Translate.Cli.Archive.Report;

/// <summary>
/// What the index's header says about the run. The document, failure and edit counts are not here: the report
/// counts them from the documents it is given, so they always match its table.
/// </summary>
/// <param name="InputPath">The archive: a JSONL file or a folder.</param>
/// <param name="OutputPath">Where the run wrote its outputs.</param>
/// <param name="Runner">The runner's description ("in-process", "2 servers (a:5000, b:5000)").</param>
/// <param name="SettingsHash">The hash of the settings the run used (a resumed run must match it).</param>
/// <param name="Finished">Null when the report is written while the run goes on: the index then shows the time the last document arrived.</param>
/// <param name="Resumed">Documents a resumed run took from its ledger instead of processing again; 0 for a fresh run.</param>
internal sealed record ReportRun(
    string InputPath,
    string OutputPath,
    string Runner,
    string SettingsHash,
    DateTimeOffset Started,
    DateTimeOffset? Finished,
    int Resumed = 0);
