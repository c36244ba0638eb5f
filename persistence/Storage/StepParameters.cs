using System.Collections.Concurrent;
using System.Reflection;
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

namespace Journal.Persistence.Storage;

/// <summary>
/// Binds a parameter object (its public properties, Dapper-style: <c>new { UserId }</c> for <c>@UserId</c>)
/// to a batch command, which Dapper cannot fill: a unit of work's steps go to PostgreSQL in the write's
/// one batch, and the stream agents' partition read in a batch with its plan setting.
/// As with Dapper, only the properties the SQL names are bound; the values are converted as the grains'
/// Dapper handlers do (a <see cref="DateTimeOffset"/> as its UTC instant, a list of strings as a text
/// array, an enum as its number), and a null keeps its property's type so PostgreSQL can infer nothing wrong.
/// </summary>
internal static class StepParameters
{
    private static readonly ConcurrentDictionary<(Type Type, string Sql), Binder[]> s_binders = new();

    public static NpgsqlBatchCommand ToBatchCommand(string sql, object? parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        if (parameters is null) return command;
        foreach (var binder in s_binders.GetOrAdd((parameters.GetType(), sql), key => BindersFor(key.Type, key.Sql)))
            command.Parameters.Add(binder.Bind(parameters));
        return command;
    }

    private static Binder[] BindersFor(Type type, string sql) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.GetIndexParameters().Length == 0 && Names(sql, property.Name))
            .Select(property => new Binder(property))];

    // Dapper's rule: @Name followed by something that cannot continue a name, case-insensitive.
    private static bool Names(string sql, string name) =>
        Regex.IsMatch(sql, $@"@{Regex.Escape(name)}([^\p{{L}}\p{{N}}_]|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private sealed class Binder(PropertyInfo property)
    {
        private readonly NpgsqlDbType? _nullType = NullType(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType);

        public NpgsqlParameter Bind(object parameters)
        {
            var value = property.GetValue(parameters);
            if (value is null)
            {
                var parameter = new NpgsqlParameter(property.Name, DBNull.Value);
                if (_nullType is { } type) parameter.NpgsqlDbType = type;
                return parameter;
            }
            return new NpgsqlParameter(property.Name, value switch
            {
                DateTimeOffset moment => moment.UtcDateTime,
                Enum number => Convert.ChangeType(number, Enum.GetUnderlyingType(number.GetType())),
                Array => value,
                IEnumerable<string> items => items.ToArray(),
                _ => value,
            });
        }

        private static NpgsqlDbType? NullType(Type type) => type switch
        {
            _ when type == typeof(string) => NpgsqlDbType.Text,
            _ when type == typeof(Guid) => NpgsqlDbType.Uuid,
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => NpgsqlDbType.TimestampTz,
            _ when type == typeof(DateOnly) => NpgsqlDbType.Date,
            _ when type == typeof(bool) => NpgsqlDbType.Boolean,
            _ when type == typeof(short) => NpgsqlDbType.Smallint,
            _ when type == typeof(int) || type.IsEnum => NpgsqlDbType.Integer,
            _ when type == typeof(long) => NpgsqlDbType.Bigint,
            _ when type == typeof(double) => NpgsqlDbType.Double,
            _ when type == typeof(decimal) => NpgsqlDbType.Numeric,
            _ when type == typeof(byte[]) => NpgsqlDbType.Bytea,
            _ when type == typeof(Guid[]) => NpgsqlDbType.Array | NpgsqlDbType.Uuid,
            _ when typeof(IEnumerable<string>).IsAssignableFrom(type) => NpgsqlDbType.Array | NpgsqlDbType.Text,
            _ => null, // left to PostgreSQL to infer from the statement
        };
    }
}
