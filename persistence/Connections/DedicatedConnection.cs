using Npgsql;

namespace Journal.Persistence.Connections;

/// <summary>
/// A connection of its own, outside the data source's pool, for session state that must end with its
/// user: a LISTEN, a session advisory lock. The silo's pool hands connections over without Npgsql's
/// reset (No Reset On Close, <c>SiloConfiguration.CreateDataSource</c>), so such state on a pooled
/// connection would pass to whoever takes it next; closing this one ends its session.
/// </summary>
public static class DedicatedConnection
{
    public static async Task<NpgsqlConnection> OpenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var unpooled = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString) { Pooling = false }.ConnectionString;
        // Cloned from one of the data source's connections: the clone gets its password too, which its connection string leaves out.
        await using var template = dataSource.CreateConnection();
        var connection = await template.CloneWithAsync(unpooled, cancellationToken);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
