using Npgsql;

namespace Journal.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of a test's own, never the shared one: a cluster made with initdb in a temporary
/// folder and started with pg_ctl on a free port, as the postgres OS user (the tests run as root, and the
/// server refuses to run as root). Disposing it stops every server whose data directory is in the folder
/// (a restored one too) and deletes the folder.
/// </summary>
public sealed class OwnPostgresServer : IAsyncDisposable
{
    private OwnPostgresServer(string folder, int port)
    {
        Folder = folder;
        Port = port;
    }

    /// <summary>Owned by postgres; the cluster's data directory is <c>data</c> in it.</summary>
    public string Folder { get; }

    public int Port { get; }

    /// <summary>The newest installed server's programs (initdb, pg_ctl), as scripts/postgres.sh picks it.</summary>
    private static string Programs => Directory.GetDirectories("/usr/lib/postgresql")
        .Where(d => File.Exists(Path.Combine(d, "bin", "postgres")))
        .MaxBy(d => int.Parse(Path.GetFileName(d))) is { } version
        ? Path.Combine(version, "bin")
        : throw new InvalidOperationException("No PostgreSQL server is installed in /usr/lib/postgresql (scripts/postgres.sh installs one).");

    public static async Task<OwnPostgresServer> StartAsync()
    {
        var server = new OwnPostgresServer(Directory.CreateTempSubdirectory("jtest-pg-").FullName, FreePorts.Next());
        try
        {
            await Command.RunAsync("chown", ["postgres:postgres", server.Folder]);
            var data = Path.Combine(server.Folder, "data");
            // Peer authentication on the socket for the superuser (as on Debian's clusters), passwords over TCP.
            await AsPostgresAsync("initdb", "-D", data, "--auth-local=peer", "--auth-host=scram-sha-256", "-U", "postgres");
            await AsPostgresAsync("pg_ctl", "-D", data, "-l", Path.Combine(data, "server.log"), "-o", $"-p {server.Port}", "-w", "start");
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>The application role's connection string to the server on <paramref name="port"/> (this one's, or a restored one's).</summary>
    public static string ConnectionString(int port) => new NpgsqlConnectionStringBuilder
    {
        Host = "localhost", Port = port, Username = "journal", Password = "journal", Database = "journal", SslMode = SslMode.Disable,
    }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        foreach (var pid in Directory.EnumerateFiles(Folder, "postmaster.pid", SearchOption.AllDirectories))
        {
            try
            {
                await AsPostgresAsync("pg_ctl", "-D", Path.GetDirectoryName(pid)!, "-m", "immediate", "-w", "stop");
            }
            catch (Xunit.Sdk.TrueException)
            {
                // Already stopped (a stale pid file): deleting the folder is all that is left to do.
            }
        }
        Directory.Delete(Folder, recursive: true);
    }

    private static Task<string> AsPostgresAsync(string program, params string[] arguments) =>
        Command.RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(Programs, program), .. arguments]);
}
