using Dapper;
using Npgsql;

namespace Journal.Grains.Privacy;

/// <summary>Reads a user's wrapped data key (written once by the user's grain at registration) and unwraps it.</summary>
public sealed class UserKeyStore(NpgsqlDataSource dataSource, MasterKey masterKey)
{
    /// <summary>The key, or null when the user does not exist or was deleted (the key is destroyed then).</summary>
    public async Task<UserDataKey?> LoadAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(byte[]? WrappedKey, string MasterKeyId)>(new CommandDefinition(
            "SELECT wrapped_key, master_key_id FROM user_keys WHERE user_id = @userId", new { userId }, cancellationToken: cancellationToken));
        return row.WrappedKey is null ? null : masterKey.Unwrap(userId, row.WrappedKey, row.MasterKeyId);
    }

    /// <summary>The keys of several users in one query (a page of stories by many authors); a deleted user has none.</summary>
    public async Task<Dictionary<Guid, UserDataKey>> LoadAsync(IReadOnlyCollection<Guid> userIds)
    {
        if (userIds.Count == 0) return [];
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(Guid UserId, byte[]? WrappedKey, string MasterKeyId)>(
            "SELECT user_id, wrapped_key, master_key_id FROM user_keys WHERE user_id = ANY(@userIds) AND wrapped_key IS NOT NULL",
            new { userIds = userIds.ToArray() });
        return rows.ToDictionary(row => row.UserId, row => masterKey.Unwrap(row.UserId, row.WrappedKey!, row.MasterKeyId));
    }
}
