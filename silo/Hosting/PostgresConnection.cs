using System.Net.Sockets;
using Journal.Persistence.Connections;
using Npgsql;

namespace Journal.Silo;

/// <summary>Opens connections with an error that says what to check when the server cannot be reached.</summary>
public static class PostgresConnection
{
    /// <summary>A connection from the pool.</summary>
    public static Task<NpgsqlConnection> OpenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        ExplainFailureAsync(dataSource, () => dataSource.OpenConnectionAsync(cancellationToken).AsTask());

    /// <summary>A connection outside the pool, for session state (<see cref="DedicatedConnection"/>).</summary>
    public static Task<NpgsqlConnection> OpenDedicatedAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        ExplainFailureAsync(dataSource, () => DedicatedConnection.OpenAsync(dataSource, cancellationToken));

    private static async Task<NpgsqlConnection> ExplainFailureAsync(NpgsqlDataSource dataSource, Func<Task<NpgsqlConnection>> open)
    {
        try
        {
            return await open();
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
            throw new SiloConfigurationException(
                $"Cannot reach PostgreSQL at {settings.Host}:{settings.Port}, database '{settings.Database}', user '{settings.Username}': {e.Message}. "
                + $"Check {SiloConfiguration.ConnectionStringVariable} and that the server is running (scripts/run.sh installs and starts one).", e);
        }
    }
}
