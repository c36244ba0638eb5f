using Dapper;
using Npgsql;

namespace Journal.Api.Accounts;

/// <summary>Read-only look-ups across accounts (the query layer): finding whose account a name is.</summary>
public sealed class AccountDirectory(NpgsqlDataSource dataSource)
{
    /// <summary>The live account whose username or email is <paramref name="login"/> (case-insensitive).</summary>
    public Task<Guid?> FindAsync(string login, CancellationToken cancellationToken = default) => FindAsync(
        "SELECT id FROM users WHERE (lower(username) = lower(@name) OR lower(email) = lower(@name)) AND deleted_at IS NULL LIMIT 1", login, cancellationToken);

    /// <summary>The live account whose username is <paramref name="username"/> (case-insensitive).</summary>
    public Task<Guid?> FindByUsernameAsync(string username, CancellationToken cancellationToken = default) => FindAsync(
        "SELECT id FROM users WHERE lower(username) = lower(@name) AND deleted_at IS NULL", username, cancellationToken);

    private async Task<Guid?> FindAsync(string sql, string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(sql, new { name }, cancellationToken: cancellationToken));
    }
}
