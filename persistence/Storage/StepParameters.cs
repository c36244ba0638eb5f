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
/// The names become positional parameters (<c>$1</c>, <c>$2</c>, …) once per statement and parameter type,
/// so Npgsql sends the text as it is instead of parsing and rewriting it on every write.
/// </summary>
internal static partial class StepParameters
{
    private static readonly ConcurrentDictionary<(Type Type, string Sql), Step> s_steps = new();

    public static NpgsqlBatchCommand ToBatchCommand(string sql, object? parameters)
    {
        if (parameters is null) return new NpgsqlBatchCommand(sql);
        var step = s_steps.GetOrAdd((parameters.GetType(), sql), key => Step.For(key.Type, key.Sql));
        var command = new NpgsqlBatchCommand(step.Sql);
        foreach (var binder in step.Binders) command.Parameters.Add(binder.Bind(parameters));
        return command;
    }

    /// <summary>A statement with its parameter names replaced by positions, and the binders of those positions in order.</summary>
    private sealed record Step(string Sql, Binder[] Binders)
    {
        public static Step For(Type type, string sql)
        {
            var referenced = Names().Matches(sql).Where(match => match.Groups[1].Success).Select(match => match.Groups[1].Value)
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            var named = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(property => property.GetIndexParameters().Length == 0 && referenced.Contains(property.Name))
                .ToArray();
            var positions = named.Select((property, i) => (property.Name, Position: i + 1)).ToDictionary(p => p.Name, p => p.Position, StringComparer.OrdinalIgnoreCase);
            var positional = Names().Replace(sql, match =>
                match.Groups[1].Success && positions.TryGetValue(match.Groups[1].Value, out var position) ? $"${position}" : match.Value);
            return new Step(positional, [.. named.Select(property => new Binder(property))]);
        }
    }

    // Dapper's rule: @ and a name (letters, digits, underscores; matched without case), but none in a quoted literal.
    [GeneratedRegex(@"'(?:[^']|'')*'|@([\p{L}\p{N}_]+)", RegexOptions.CultureInvariant)]
    private static partial Regex Names();

    private sealed class Binder(PropertyInfo property)
    {
        private readonly NpgsqlDbType? _nullType = NullType(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType);

        public NpgsqlParameter Bind(object parameters)
        {
            var value = property.GetValue(parameters);
            if (value is null)
            {
                var parameter = new NpgsqlParameter { Value = DBNull.Value };
                if (_nullType is { } type) parameter.NpgsqlDbType = type;
                return parameter;
            }
            return new NpgsqlParameter { Value = value switch
            {
                DateTimeOffset moment => moment.UtcDateTime,
                Enum number => Convert.ChangeType(number, Enum.GetUnderlyingType(number.GetType())),
                Array => value,
                IEnumerable<string> items => items.ToArray(),
                _ => value,
            } };
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
