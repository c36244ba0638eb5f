using System.Collections.Immutable;
using Dapper;
using Journal.Persistence.Storage;
using Journal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

namespace Journal.Tests.Providers;

/// <summary>
/// A unit of work's row changes are bound the way the grains' Dapper calls bind them (<see cref="StepParameters"/>):
/// what a step writes through the grain storage reads back as written.
/// </summary>
public sealed class StepParametersTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private readonly PostgresGrainStorage _storage = new(database.DataSource, new ServiceCollection().BuildServiceProvider());

    public enum Kind { First = 1, Second = 2 }

    [Fact]
    public async Task Values_are_written_as_Dapper_would_write_them()
    {
        await Execute("CREATE TABLE typed (id uuid PRIMARY KEY, at timestamptz, day date, tags text[], kind integer, note text, other uuid, sealed bytea, ids uuid[])");
        var id = Guid.NewGuid();
        var at = new DateTimeOffset(2026, 12, 4, 9, 30, 0, TimeSpan.FromHours(2));
        var ids = new[] { Guid.NewGuid(), Guid.NewGuid() };

        await Write("values", new UnitOfWork().Execute(
            "INSERT INTO typed (id, at, day, tags, kind, note, other, sealed, ids) VALUES (@Id, @At, @Day, @Tags, @Kind, @Note, @Other, @Sealed, @ids)",
            new { Id = id, At = at, Day = new DateOnly(2026, 12, 4), Tags = ImmutableList.Create("walk", "tea"), Kind = Kind.Second,
                  Note = (string?)null, Other = (Guid?)null, Sealed = new byte[] { 1, 2, 3 }, Ids = ids, Unnamed = "not in the SQL" }));

        var row = await Single<(DateTime At, DateTime Day, string[] Tags, int Kind, string? Note, Guid? Other, byte[] Sealed, Guid[] Ids)>(
            "SELECT at, day, tags, kind, note, other, sealed, ids FROM typed WHERE id = @id", new { id });
        Assert.Equal(at.UtcDateTime, row.At.ToUniversalTime());
        Assert.Equal(new DateTime(2026, 12, 4), row.Day);
        Assert.Equal(["walk", "tea"], row.Tags);
        Assert.Equal(2, row.Kind);
        Assert.Null(row.Note);
        Assert.Null(row.Other);
        Assert.Equal(new byte[] { 1, 2, 3 }, row.Sealed);
        Assert.Equal(ids, row.Ids);
    }

    [Fact]
    public async Task A_null_keeps_its_type_where_the_statement_does_not_give_one()
    {
        await Execute("CREATE TABLE flags (owner text PRIMARY KEY, unset boolean NOT NULL)");

        // "@Note IS NULL" alone gives PostgreSQL no type to infer: an untyped null would be refused.
        await Write("nulls", new UnitOfWork().Execute(
            "INSERT INTO flags (owner, unset) VALUES (@Owner, @Note IS NULL AND @Moment IS NULL)", new { Owner = "nulls", Note = (string?)null, Moment = (DateTimeOffset?)null }));

        Assert.True(await Single<bool>("SELECT unset FROM flags WHERE owner = 'nulls'"));
    }

    [Fact]
    public async Task A_name_becomes_its_position_wherever_the_statement_uses_it_and_nowhere_else()
    {
        await Execute("CREATE TABLE named (id text PRIMARY KEY, id_again text, idempotency text, literal text, listed boolean)");

        // The same name twice (in another case), a name that starts another, a literal with names in it, an operator with @.
        await Write("names", new UnitOfWork().Execute(
            "INSERT INTO named (id, id_again, idempotency, literal, listed) VALUES (@Id, @ID, @IdempotencyKey, 'mail@Id.example, it''s @Id', ARRAY[@Id] @> ARRAY['names'])",
            new { Id = "names", IdempotencyKey = "key-1" }));

        Assert.Equal(("names", "key-1", "mail@Id.example, it's @Id", true),
            await Single<(string, string, string, bool)>("SELECT id_again, idempotency, literal, listed FROM named WHERE id = 'names'"));
    }

    private Task Write(string key, UnitOfWork changes) =>
        _storage.WriteStateAsync("steps", GrainId.Create("test-steps", key), new GrainState<Counter>(new Counter()), changes, CancellationToken.None);

    private async Task Execute(string sql)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(sql);
    }

    private async Task<T> Single<T>(string sql, object? parameters = null)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<T>(sql, parameters);
    }

    public sealed class Counter
    {
        public int Count { get; set; }
    }
}
