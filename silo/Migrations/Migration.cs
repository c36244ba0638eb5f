using System.Security.Cryptography;
using System.Text;

namespace Journal.Silo.Migrations;

/// <summary>One versioned SQL file, e.g. <c>0001_grain_state.sql</c>.</summary>
internal sealed record Migration(int Version, string Name, string Sql)
{
    public string Checksum { get; } = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));

    /// <summary>The migrations embedded in this assembly, in version order.</summary>
    public static IReadOnlyList<Migration> Embedded { get; } = Load();

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
            migrations.Add(new Migration(version, file[(separator + 1)..], reader.ReadToEnd()));
        }
        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"Two migrations have version {duplicate.Key}.");
        return migrations.OrderBy(m => m.Version).ToList();
    }
}
