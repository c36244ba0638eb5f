using Dapper;
using Npgsql;

namespace Journal.Api.Accounts;

/// <summary>Read-only look-ups across accounts (the query layer): finding whose account a login name is.</summary>
public sealed class AccountDirectory(NpgsqlDataSource dataSource)
{
    /// <summary>The live account whose username or email is <paramref name="login"/> (case-insensitive).</summary>
    public async Task<Guid?> FindAsync(string login)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<Guid?>(
            "SELECT id FROM users WHERE (lower(username) = lower(@login) OR lower(email) = lower(@login)) AND deleted_at IS NULL LIMIT 1", new { login });
    }

}
