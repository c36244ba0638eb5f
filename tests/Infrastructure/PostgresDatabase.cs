using Dapper;
using Journal.Silo.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Journal.Tests.Infrastructure;

/// <summary>
/// A fresh database on the real PostgreSQL server for one test class: a copy of a template that is
/// migrated once per test run (CREATE DATABASE … TEMPLATE …). Dropped when the class is done, with the
/// folder its hosts kept attachment files in.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    /// <summary>The server, as scripts/test.sh sets it up; the role may create databases.</summary>
    public static readonly string ServerConnectionString =
        Environment.GetEnvironmentVariable("JOURNAL_TEST_POSTGRES") ?? "Host=localhost;Port=5432;Username=journal;Password=journal;Database=journal;SSL Mode=Disable";

    private static readonly Lazy<Task<string>> s_template = new(CreateTemplateAsync);

    // CREATE DATABASE from one template must not overlap with another session using the template.
    private static readonly SemaphoreSlim s_createLock = new(1, 1);

    private string _name = "";
    private IAsyncDisposable? _shared;

    public string ConnectionString { get; private set; } = "";

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    /// <summary>Where the class's hosts keep attachment files (<c>ApiFactory</c>): removed with the database.</summary>
    public string AttachmentsDirectory => Path.Combine(Path.GetTempPath(), "journal-test-attachments", _name);

    public async Task InitializeAsync()
    {
        var template = await s_template.Value;
        _name = await CreateDatabaseAsync("TEMPLATE " + template);
        ConnectionString = ConnectionStringFor(_name);
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    /// <summary>
    /// The one <typeparamref name="T"/> (e.g. an API host) the class's tests share on this database:
    /// made by <paramref name="start"/> on first use, disposed before the database is dropped.
    /// </summary>
    public T Shared<T>(Func<T> start) where T : class, IAsyncDisposable => (T)(_shared ??= start());

    /// <summary>Disposes the shared object now (a test restarting its host); the next <see cref="Shared{T}"/> makes a new one.</summary>
    public async Task StopSharedAsync()
    {
        var shared = _shared;
        _shared = null;
        if (shared is not null) await shared.DisposeAsync();
    }

    public async Task DisposeAsync()
    {
        await StopSharedAsync();
        // No host uses the folder any more; without a name it would be the parent of every class's folder.
        if (_name != "" && Directory.Exists(AttachmentsDirectory)) Directory.Delete(AttachmentsDirectory, recursive: true);
        await DataSource.DisposeAsync();
        await DropDatabaseAsync(_name);
    }

    /// <summary>An empty, unmigrated database (migration tests); drop it with <see cref="DropDatabaseAsync"/>.</summary>
    public static Task<string> CreateEmptyDatabaseAsync() => CreateDatabaseAsync("TEMPLATE template0");

    /// <summary>
    /// A database's connection string. Each pool is kept small: two test classes run at once, each
    /// with a host (or a cluster of silos) and its fixture, and the server takes 100 sessions in all.
    /// </summary>
    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database, Pooling = true, MaxPoolSize = MaxPoolSize }.ConnectionString;

    private const int MaxPoolSize = 15;

    public static async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await connection.ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 50)
            {
                // FORCE may not end a server process of another role, e.g. autovacuum working on the
                // database after a busy test: it ends on its own in a moment.
                await Task.Delay(100);
            }
        }
    }

    private static async Task<string> CreateDatabaseAsync(string options)
    {
        var name = "jtest_" + Guid.NewGuid().ToString("N")[..16];
        await s_createLock.WaitAsync();
        try
        {
            await using var connection = new NpgsqlConnection(ServerConnectionString);
            await connection.ExecuteAsync($"CREATE DATABASE \"{name}\" {options}");
        }
        finally
        {
            s_createLock.Release();
        }
        return name;
    }

    private static async Task<string> CreateTemplateAsync()
    {
        var name = await CreateDatabaseAsync("TEMPLATE template0");
        await using (var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(ConnectionStringFor(name)) { Pooling = false }.ConnectionString))
            await Migrations(dataSource).MigrateAsync();
        return name;
    }

    /// <summary>The silo's migrations (SQL and code steps) for <paramref name="dataSource"/>, as the test hosts' silos configure them.</summary>
    public static MigrationRunner Migrations(NpgsqlDataSource dataSource) =>
        new(dataSource, [new MoveRemindersToOrleans(Options.Create(new ClusterOptions { ServiceId = "journal" }), Options.Create(new ReminderOptions()))], NullLogger<MigrationRunner>.Instance);
}
