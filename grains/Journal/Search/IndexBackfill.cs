using Dapper;
using Journal.Grains.Privacy;
using Journal.Persistence.Storage;
using Npgsql;

namespace Journal.Grains.Journal.Search;

/// <summary>
/// Entries written before the search index existed (migration 0007) have no index rows. Only the
/// user's journal grain holds the key to read them, so it indexes them when it activates: this
/// finds them and returns the unit of work that adds their rows (null when there is nothing to do).
/// An entry whose every word is a stop word has no rows either; it is read again at each activation.
/// Secret entries have no rows on purpose (their words stay out of the index) and are left alone.
/// </summary>
internal static class IndexBackfill
{
    public static async Task<UnitOfWork?> PendingAsync(
        NpgsqlConnection connection, Guid userId, UserDataKey key, BlindIndex index, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<(Guid Id, byte[] SealedText)>(new CommandDefinition(
            """
            SELECT e.id, e.sealed_text FROM journal_entries e
            WHERE e.user_id = @userId AND e.secret_tag_id IS NULL AND NOT EXISTS (SELECT 1 FROM journal_search_terms t WHERE t.entry_id = e.id)
            """, new { userId }, cancellationToken: cancellationToken))).AsList();
        if (rows.Count == 0) return null;
        var changes = new UnitOfWork();
        foreach (var (id, sealedText) in rows)
        {
            var text = key.Open<SealedEntryText>(SealedEntryText.Purpose, id, sealedText);
            index.Index(changes, userId, id, text.Title, text.Content, text.Location, replacing: false);
        }
        return changes;
    }
}
