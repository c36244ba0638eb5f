using Journal.Persistence.Connections;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Journal.Silo;

/// <summary>The silo's settings, read with errors that say what to set.</summary>
public static class SiloConfiguration
{
    public const string ConnectionStringName = "Postgres";
    public const string ConnectionStringVariable = "ConnectionStrings__Postgres";

    /// <summary>Statements the silo keeps prepared per connection when the connection string does not say (Max Auto Prepare).</summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>
    /// Connections the silo opens at most when the connection string does not say (Maximum Pool Size).
    /// PostgreSQL refuses sessions beyond its max_connections (100 by default) with an error, while a
    /// full pool makes a request wait its turn: a burst of traffic queues instead of failing. When the
    /// connection string sizes the pool neither way, it is also the minimum: a pool of fixed size, opened
    /// while the silo starts (<see cref="PoolWarmUp"/>) and never pruned, so that a burst after a quiet
    /// time does not wait for new connections. max_connections must then cover every silo's pool.
    /// </summary>
    public const int DefaultMaxPoolSize = 40;

    /// <summary>How long the server lets a session sit idle inside a transaction, unless the connection string's Options say.</summary>
    public const string DefaultIdleInTransactionTimeout = "60s";

    /// <summary>
    /// The silo's data source. The runtime repeats a few statements thousands of times a second (state
    /// writes, stream reads), so they are prepared: PostgreSQL then plans each once per connection
    /// instead of on every execution. The silo's transactions last milliseconds; one whose client
    /// vanished would hold row locks and every stream reader's guard until TCP noticed (hours), so
    /// the server ends sessions idle in a transaction after a minute. A pooled connection is handed to its
    /// next user without Npgsql's reset (No Reset On Close, unless the connection string says): the reset
    /// cost the server seven statements per reuse, about a tenth of its statement time under load, for
    /// session state the silo never leaves on a pooled connection (LISTEN and advisory locks use a
    /// <see cref="DedicatedConnection"/>; an open transaction is still rolled back).
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var settings = builder.ConnectionStringBuilder;
        if (settings.MaxAutoPrepare == 0) settings.MaxAutoPrepare = DefaultMaxAutoPrepare;
        var sizesMaximum = Sets(connectionString, "MaxPoolSize", "MaximumPoolSize");
        var sizesMinimum = Sets(connectionString, "MinPoolSize", "MinimumPoolSize");
        if (!sizesMaximum) settings.MaxPoolSize = Math.Max(DefaultMaxPoolSize, settings.MinPoolSize);
        if (!sizesMaximum && !sizesMinimum) settings.MinPoolSize = settings.MaxPoolSize;
        if (!Sets(connectionString, "NoResetOnClose")) settings.NoResetOnClose = true;
        if (settings.Options?.Contains("idle_in_transaction_session_timeout", StringComparison.Ordinal) != true)
            settings.Options = $"{settings.Options} -c idle_in_transaction_session_timeout={DefaultIdleInTransactionTimeout}".Trim();
        return builder.Build();
    }

    // Whether the connection string sets a key by one of its names, spaces aside ("Max Pool Size", "MaxPoolSize").
    private static bool Sets(string connectionString, params string[] names) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(key => names.Contains(key.Replace(" ", "", StringComparison.Ordinal), StringComparer.OrdinalIgnoreCase));

    public static string GetPostgresConnectionString(IConfiguration configuration)
    {
        var value = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(value))
            throw new SiloConfigurationException(
                $"ConnectionStrings:{ConnectionStringName} is not set. Set the environment variable {ConnectionStringVariable} "
                + "(e.g. Host=localhost;Port=5432;Username=journal;Password=…;Database=journal) or the key in appsettings.json; "
                + "scripts/run.sh sets it for a local server.");
        try
        {
            _ = new NpgsqlConnectionStringBuilder(value);
        }
        catch (ArgumentException e)
        {
            throw new SiloConfigurationException(
                $"{ConnectionStringVariable} is not a valid PostgreSQL connection string ({e.Message}). Expected e.g. Host=localhost;Port=5432;Username=journal;Password=…;Database=journal.", e);
        }
        return value;
    }
}

/// <summary>The silo cannot start with the configuration it was given.</summary>
public sealed class SiloConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
