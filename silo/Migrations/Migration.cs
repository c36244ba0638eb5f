using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace Journal.Silo.Migrations;

/// <summary>
/// One versioned step of the schema: an embedded SQL file (<c>0001_grain_state.sql</c>) or, where
/// SQL alone cannot do it, a step in code (<see cref="ICodeMigration"/>).
/// </summary>
public sealed record Migration(int Version, string Name, string Checksum, Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task> ApplyAsync)
{
    /// <summary>The SQL migrations embedded in this assembly, in version order.</summary>
    public static IReadOnlyList<Migration> Embedded { get; } = Load();

    /// <summary>The embedded SQL migrations and <paramref name="code"/>, in version order; two steps with one version are an error.</summary>
    public static IReadOnlyList<Migration> All(IEnumerable<ICodeMigration> code)
    {
        var migrations = Embedded.Concat(code.Select(step => new Migration(step.Version, step.Name, Hash("code:" + step.Name), step.ApplyAsync)))
            .OrderBy(m => m.Version).ToList();
        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"Two migrations have version {duplicate.Key}.");
        return migrations;
    }

    private static IReadOnlyList<Migration> Load()
    {
        var assembly = typeof(Migration).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("migrations/", StringComparison.Ordinal)))
        {
            var file = Path.GetFileNameWithoutExtension(resource["migrations/".Length..]);
            var separator = file.IndexOf('_');
            if (separator <= 0 || !int.TryParse(file[..separator], out var version))
                throw new InvalidOperationException($"Migration file '{file}.sql' must be named NNNN_description.sql.");
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            var sql = reader.ReadToEnd();
            migrations.Add(new Migration(version, file[(separator + 1)..], Hash(sql),
                (connection, transaction, ct) => connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: ct))));
        }
        return migrations.OrderBy(m => m.Version).ToList();
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>A migration step in code, run in its own transaction like a SQL file and recorded the same way.</summary>
public interface ICodeMigration
{
    int Version { get; }

    string Name { get; }

    Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken);
}
