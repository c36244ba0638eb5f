using System.Collections.Immutable;
using System.Data;
using Dapper;

namespace Journal.Grains.Storage;

/// <summary>
/// Teaches Dapper the types the grains' rows use: Npgsql hands timestamptz over as a UTC DateTime
/// and date as DateTime, while the grains speak DateTimeOffset and DateOnly; text[] columns become
/// immutable lists; snake_case columns fill PascalCase properties. Registered once when the grains
/// services are added (<see cref="GrainServices.AddJournalGrainServices"/>).
/// </summary>
internal static class DapperTypeHandlers
{
    private static int s_registered;

    internal static void Register()
    {
        if (Interlocked.Exchange(ref s_registered, 1) == 1) return;
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
        SqlMapper.AddTypeHandler(new StringListHandler());
    }

    private sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value) => parameter.Value = value.UtcDateTime;

        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTime dateTime => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
            DateTimeOffset dateTimeOffset => dateTimeOffset,
            _ => throw new DataException($"Cannot read {value.GetType().Name} as DateTimeOffset."),
        };
    }

    private sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(IDbDataParameter parameter, DateOnly value)
        {
            parameter.DbType = DbType.Date;
            parameter.Value = value;
        }

        public override DateOnly Parse(object value) => value switch
        {
            DateTime dateTime => DateOnly.FromDateTime(dateTime),
            DateOnly dateOnly => dateOnly,
            _ => throw new DataException($"Cannot read {value.GetType().Name} as DateOnly."),
        };
    }

    private sealed class StringListHandler : SqlMapper.TypeHandler<ImmutableList<string>>
    {
        public override void SetValue(IDbDataParameter parameter, ImmutableList<string>? value) => parameter.Value = value?.ToArray() ?? [];

        public override ImmutableList<string> Parse(object value) => value is string[] items ? [.. items] : [];
    }
}
