using Microsoft.Data.Sqlite;

namespace Translate.Cli.Archive.Internal;

/// <summary>
/// The truth of an archive run: one row a finished document (id, its place, the hashes of its input and of the
/// settings it ran with, ok or failed, the error, the output line), in SQLite in WAL mode. A row is committed only
/// after the document's output file is in place, so a run killed at any moment redoes at most the documents in
/// flight, and the outputs are materialized from these rows. The database is opened in exclusive locking mode: a
/// second run on the same output is refused instead of interleaving with this one.
/// </summary>
internal sealed class Ledger : IDisposable
{
    private const int SchemaVersion = 1;

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _find;
    private readonly SqliteCommand _record;
    // One connection for the reader's look-ups and the workers' commits; each call is short.
    private readonly Lock _gate = new();

    private Ledger(SqliteConnection connection)
    {
        _connection = connection;
        _find = connection.CreateCommand();
        _find.CommandText = "SELECT input_hash, settings_hash, status, error, result FROM documents WHERE id = $id";
        _find.Parameters.Add("$id", SqliteType.Text);
        _record = connection.CreateCommand();
        _record.CommandText = """
            INSERT INTO documents (id, ordinal, input_hash, settings_hash, status, error, result, finished_at)
            VALUES ($id, $ordinal, $input_hash, $settings_hash, $status, $error, $result, $finished_at)
            ON CONFLICT (id) DO UPDATE SET ordinal = excluded.ordinal, input_hash = excluded.input_hash,
                settings_hash = excluded.settings_hash, status = excluded.status, error = excluded.error,
                result = excluded.result, finished_at = excluded.finished_at
            """;
        foreach (var name in (string[])["$id", "$ordinal", "$input_hash", "$settings_hash", "$status", "$error", "$result", "$finished_at"])
        {
            _record.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
    }

    public string Path => _connection.DataSource;

    /// <summary>Opens (or creates) the ledger at <paramref name="path"/>.</summary>
    /// <exception cref="LedgerException">Another run holds it, or it is not a ledger this version reads.</exception>
    public static Ledger Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            connection.Open();
            Execute(connection, """
                PRAGMA locking_mode = EXCLUSIVE;
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = NORMAL;
                CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS documents (
                    id TEXT PRIMARY KEY,
                    ordinal INTEGER NOT NULL,
                    input_hash BLOB NOT NULL,
                    settings_hash BLOB NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
                    error TEXT,
                    result TEXT,
                    finished_at TEXT NOT NULL);
                """);
            using var version = connection.CreateCommand();
            version.CommandText = "INSERT INTO meta (key, value) VALUES ('schema', $v) ON CONFLICT (key) DO NOTHING; SELECT value FROM meta WHERE key = 'schema'";
            version.Parameters.AddWithValue("$v", SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var found = (string?)version.ExecuteScalar();
            if (found != SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                throw new LedgerException($"the ledger '{path}' has schema {found}, and this version of translate reads schema {SchemaVersion}; move it away to start over.");
            }
            return new Ledger(connection);
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode is 5 or 6)
        {
            connection.Dispose();
            throw new LedgerException($"the ledger '{path}' is in use by another run of translate batch on the same output; wait for it to end, or give another --output.");
        }
        catch (SqliteException exception)
        {
            connection.Dispose();
            throw new LedgerException($"the ledger '{path}' cannot be opened: {exception.Message}");
        }
        catch (LedgerException)
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The row of <paramref name="id"/>, or null when it has never finished.</summary>
    public LedgerRow? Find(string id)
    {
        lock (_gate)
        {
            _find.Parameters["$id"].Value = id;
            using var reader = _find.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }
            return new LedgerRow(
                id,
                (byte[])reader.GetValue(0),
                (byte[])reader.GetValue(1),
                reader.GetString(2) == "ok",
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4));
        }
    }

    /// <summary>Records a finished document (committed when this returns), replacing an earlier row of the same id.</summary>
    public void Record(long ordinal, LedgerRow row)
    {
        lock (_gate)
        {
            var p = _record.Parameters;
            p["$id"].Value = row.Id;
            p["$ordinal"].Value = ordinal;
            p["$input_hash"].Value = row.InputHash;
            p["$settings_hash"].Value = row.SettingsHash;
            p["$status"].Value = row.Ok ? "ok" : "failed";
            p["$error"].Value = (object?)row.Error ?? DBNull.Value;
            p["$result"].Value = (object?)row.Result ?? DBNull.Value;
            p["$finished_at"].Value = DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            _record.ExecuteNonQuery();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _find.Dispose();
            _record.Dispose();
            _connection.Dispose();
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>A finished document in the ledger.</summary>
/// <param name="Result">The output line (JSONL) or the results.jsonl line (folder) of a document that succeeded.</param>
internal sealed record LedgerRow(string Id, byte[] InputHash, byte[] SettingsHash, bool Ok, string? Error, string? Result)
{
    /// <summary>Whether this row is the document as it is now: same input, same settings (null: any settings).</summary>
    public bool Matches(ArchiveEntry entry, byte[]? settingsHash) =>
        InputHash.AsSpan().SequenceEqual(entry.InputHash) && (settingsHash is null || SettingsHash.AsSpan().SequenceEqual(settingsHash));
}

/// <summary>The ledger cannot be used; the message says why and what to do.</summary>
internal sealed class LedgerException(string message) : Exception(message);
