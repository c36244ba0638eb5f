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
}
