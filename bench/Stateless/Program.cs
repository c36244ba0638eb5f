// The stateless baseline of bench/ApiLoad (issue 15): GET /v1/me/summary and POST /v1/checkins written
// the way most teams would without grains. Every request validates its session row, then reads or
// writes its rows and recomputes the streak and garden with queries: SQL per request, nothing kept in
// memory. It runs on the database and tokens of the real API (same schema, same signing key), so the
// two are measured on the same data in the same run. It is a yardstick, not a second implementation:
// no streak freezes, no notes (they would need the user's data key), no idempotency keys, no pushes.
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using NpgsqlTypes;

var builder = WebApplication.CreateBuilder(args);
// Like the API's appsettings.json: no log line per request.
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(builder.Configuration.GetConnectionString("Postgres")
    ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not set.")));
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase);
builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
{
    options.MapInboundClaims = false;
    options.TokenValidationParameters = new TokenValidationParameters
    {
        ValidIssuer = builder.Configuration["Jwt:Issuer"] ?? "orleans-journal",
        ValidAudience = builder.Configuration["Jwt:Audience"] ?? "orleans-journal-app",
        IssuerSigningKey = new SymmetricSecurityKey(Convert.FromBase64String(builder.Configuration["Jwt:SigningKey"]
            ?? throw new InvalidOperationException("Jwt:SigningKey is not set."))),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
    };
    // The session row decides, on every request: revoked, expired or deleted is a 401.
    options.Events = new JwtBearerEvents
    {
        OnTokenValidated = async context =>
        {
            var dataSource = context.HttpContext.RequestServices.GetRequiredService<NpgsqlDataSource>();
            await using var command = dataSource.CreateCommand(
                """
                SELECT u.time_zone FROM user_sessions s JOIN users u ON u.id = s.user_id
                 WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.deleted_at IS NULL
                """);
            command.Parameters.Add(new() { Value = Guid.Parse(context.Principal!.FindFirstValue("sid")!) });
            command.Parameters.Add(new() { Value = Guid.Parse(context.Principal!.FindFirstValue("sub")!) });
            if (await command.ExecuteScalarAsync() is string timeZone) context.HttpContext.Items["tz"] = timeZone;
            else context.Fail("The session has ended.");
        },
    };
});
builder.Services.AddAuthorization();

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();

app.MapGet("/health/live", () => TypedResults.Ok(new { status = "Healthy" }));

app.MapGet("/v1/me/summary", async (HttpContext context, NpgsqlDataSource dataSource) =>
{
    await using var batch = dataSource.CreateBatch();
    AddProgressQueries(batch, context);
    await using var reader = await batch.ExecuteReaderAsync();
    return TypedResults.Ok(await ReadProgressAsync(reader));
}).RequireAuthorization();

app.MapPost("/v1/checkins", async (CheckInBody body, HttpContext context, NpgsqlDataSource dataSource) =>
{
    if (body.AnxietyLevel is < 1 or > 10)
        return Results.Problem(statusCode: 400, detail: "anxietyLevel must be 1 to 10.");
    var id = Guid.NewGuid();
    await using var batch = dataSource.CreateBatch();
    var insert = new NpgsqlBatchCommand(
        """
        INSERT INTO checkins (id, user_id, anxiety_level, mood, triggers, at, activity_date, created_at)
        VALUES ($1, $2, $3, $4, $5, now(), (now() AT TIME ZONE $6)::date, now())
        """);
    insert.Parameters.Add(new() { Value = id });
    insert.Parameters.Add(new() { Value = UserId(context) });
    insert.Parameters.Add(new() { Value = (short)body.AnxietyLevel });
    insert.Parameters.Add(new() { Value = (object?)body.Mood ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
    insert.Parameters.Add(new() { Value = body.Triggers ?? [] });
    insert.Parameters.Add(new() { Value = (string)context.Items["tz"]! });
    batch.BatchCommands.Add(insert);
    AddProgressQueries(batch, context);
    // A batch is one implicit transaction: the check-in and the progress its answer reports.
    // The INSERT returns no rows: the reader starts at the progress queries' results.
    await using var reader = await batch.ExecuteReaderAsync();
    var progress = await ReadProgressAsync(reader);
    return Results.Created($"/v1/checkins/{id}", new { id, body.AnxietyLevel, body.Mood, Triggers = body.Triggers ?? [], progress });
}).RequireAuthorization();

app.Run();

static Guid UserId(HttpContext context) => Guid.Parse(context.User.FindFirstValue("sub")!);

// Today's counts, the garden's points and the days with activity (newest first) for the streak.
static void AddProgressQueries(NpgsqlBatch batch, HttpContext context)
{
    var user = UserId(context);
    var timeZone = (string)context.Items["tz"]!;
    var counts = new NpgsqlBatchCommand(
        """
        SELECT (now() AT TIME ZONE $2)::date,
               (SELECT count(*) FROM journal_entries WHERE user_id = $1 AND deleted_at IS NULL AND activity_date = (now() AT TIME ZONE $2)::date),
               (SELECT count(*) FROM checkins WHERE user_id = $1 AND activity_date = (now() AT TIME ZONE $2)::date),
               (SELECT coalesce(sum(10 + least(word_count / 50, 5)), 0) FROM journal_entries WHERE user_id = $1 AND deleted_at IS NULL)
               + 5 * (SELECT count(*) FROM checkins WHERE user_id = $1)
        """);
    counts.Parameters.Add(new() { Value = user });
    counts.Parameters.Add(new() { Value = timeZone });
    var days = new NpgsqlBatchCommand(
        """
        SELECT activity_date FROM journal_entries WHERE user_id = $1 AND deleted_at IS NULL
        UNION
        SELECT activity_date FROM checkins WHERE user_id = $1
        ORDER BY activity_date DESC
        """);
    days.Parameters.Add(new() { Value = user });
    batch.BatchCommands.Add(counts);
    batch.BatchCommands.Add(days);
}

static async Task<Progress> ReadProgressAsync(NpgsqlDataReader reader)
{
    await reader.ReadAsync();
    var today = DateOnly.FromDateTime(reader.GetDateTime(0));
    var (entries, checkIns, points) = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    await reader.NextResultAsync();
    // Days newest first. The current streak is the run of consecutive days that reaches today or
    // yesterday; the longest is the longest run.
    int current = 0, longest = 0, run = 0;
    DateOnly? previous = null;
    var inCurrent = true;
    while (await reader.ReadAsync())
    {
        var day = DateOnly.FromDateTime(reader.GetDateTime(0));
        if (previous is { } later && later.AddDays(-1) == day) run++;
        else
        {
            inCurrent = previous is null && day >= today.AddDays(-1);
            run = 1;
        }
        if (inCurrent) current = run;
        longest = Math.Max(longest, run);
        previous = day;
    }
    return new Progress(new Streak(current, longest), new Garden((int)points), new Today(today, (int)entries, (int)checkIns));
}

internal sealed record CheckInBody(int AnxietyLevel, string? Mood, string[]? Triggers);

internal sealed record Progress(Streak Streak, Garden Garden, Today Today);

internal sealed record Streak(int Current, int Longest);

internal sealed record Garden(int GrowthPoints);

internal sealed record Today(DateOnly Date, int Entries, [property: System.Text.Json.Serialization.JsonPropertyName("checkins")] int CheckIns);
