using Dapper;
using Journal.Grains.Privacy;
using Journal.Persistence.Storage;
using Npgsql;

namespace Journal.Grains.Journal.Search;

/// <summary>
/// Entries written before the search index existed (migration 0007), and those whose words were all
/// stop words when migration 0022 moved the index onto the entry rows, have no index terms yet. Only the user's journal grain holds the key to
/// read them, so it indexes them when it activates: this finds them and returns the unit of work that
/// stores their terms (null when there is nothing to do). Secret entries have no terms on purpose
/// (their words stay out of the index) and are left alone.
/// </summary>
internal static class IndexBackfill
{
    public static async Task<UnitOfWork?> PendingAsync(
        NpgsqlConnection connection, Guid userId, UserDataKey key, BlindIndex index, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<(Guid Id, byte[] SealedText)>(new CommandDefinition(
            "SELECT id, sealed_text FROM journal_entries WHERE user_id = @userId AND secret_tag_id IS NULL AND search_tokens IS NULL",
            new { userId }, cancellationToken: cancellationToken))).AsList();
        if (rows.Count == 0) return null;
        var changes = new UnitOfWork();
        foreach (var (id, sealedText) in rows)
        {
            var text = key.Open<SealedEntryText>(SealedEntryText.Purpose, id, sealedText);
            var terms = index.Terms(text.Title, text.Content, text.Location);
            changes.Execute(
                "UPDATE journal_entries SET search_tokens = @Tokens, search_weights = @Weights WHERE id = @id AND user_id = @userId",
                new { id, userId, terms.Tokens, terms.Weights });
        }
        return changes;
    }
}
