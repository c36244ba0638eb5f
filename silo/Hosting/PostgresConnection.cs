using System.Net.Sockets;
using Npgsql;

namespace Journal.Silo;

/// <summary>Opens connections with an error that says what to check when the server cannot be reached.</summary>
public static class PostgresConnection
{
    public static async Task<NpgsqlConnection> OpenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        try
        {
            return await dataSource.OpenConnectionAsync(cancellationToken);
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
