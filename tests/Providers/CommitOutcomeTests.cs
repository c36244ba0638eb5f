using Dapper;
using Journal.Persistence.Storage;
using Journal.Tests.Infrastructure;
using Npgsql;

namespace Journal.Tests.Providers;

/// <summary>
/// A COMMIT whose answer was lost is resolved by asking the server (<see cref="CommitOutcome"/>); a
/// transaction whose client is gone is ended first, so it can never commit after it was reported as
/// not written; a server that cannot be asked gives no answer rather than a wrong one.
/// </summary>
public sealed class CommitOutcomeTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS outcome_rows (id text PRIMARY KEY)");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_finished_transaction_resolves_as_what_it_did(bool commit)
    {
        var (connection, transaction, identity) = await BeginWritingAsync($"finished-{commit}");
        if (commit) await transaction.CommitAsync();
        else await transaction.RollbackAsync();
        await connection.DisposeAsync();

        Assert.Equal(commit, await CommitOutcome.ResolveAsync(database.DataSource, identity));
        Assert.Equal(commit ? 1 : 0, await CountAsync($"finished-{commit}"));
    }

    [Fact]
    public async Task A_transaction_still_open_is_ended_and_resolves_as_aborted()
    {
        var (connection, transaction, identity) = await BeginWritingAsync("orphaned");

        Assert.False(await CommitOutcome.ResolveAsync(database.DataSource, identity));

        // Its session was terminated: the COMMIT that might still arrive cannot write anything.
        await Assert.ThrowsAnyAsync<Exception>(() => transaction.CommitAsync());
        await connection.DisposeAsync();
        Assert.Equal(0, await CountAsync("orphaned"));
    }

    [Fact]
    public async Task A_server_that_cannot_be_asked_leaves_the_outcome_unknown()
    {
        var (connection, transaction, identity) = await BeginWritingAsync("unknown");
        var unreachable = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Port = 1, Timeout = 2 }.ConnectionString;
        await using var nowhere = NpgsqlDataSource.Create(unreachable);

        Assert.Null(await CommitOutcome.ResolveAsync(nowhere, identity));

        await transaction.RollbackAsync();
        await connection.DisposeAsync();
    }

    private async Task<(NpgsqlConnection, NpgsqlTransaction, TransactionIdentity)> BeginWritingAsync(string id)
    {
        var connection = await database.DataSource.OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(TransactionIdentity.Sql, connection, transaction);
        TransactionIdentity identity;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            identity = TransactionIdentity.Read(reader);
        }
        await connection.ExecuteAsync("INSERT INTO outcome_rows (id) VALUES (@id)", new { id }, transaction);
        return (connection, transaction, identity);
    }

    private async Task<long> CountAsync(string id)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM outcome_rows WHERE id = @id", new { id });
    }
}
