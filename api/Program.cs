using System.Text.Json;
using System.Text.Json.Serialization;
using Journal.Api.Accounts;
using Journal.Api.Admin;
using Journal.Api.Attachments;
using Journal.Api.Audit;
using Journal.Api.Auth;
using Journal.Api.Community;
using Journal.Api.Content;
using Journal.Api.Habits;
using Journal.Api.Health;
using Journal.Api.Http;
using Journal.Api.Insights;
using Journal.Api.Journal;
using Journal.Api.Limits;
using Journal.Api.Mood;
using Journal.Api.Notifications;
using Journal.Api.OpenApi;
using Journal.Api.Problems;
using Journal.Api.Progress;
using Journal.Api.Peers;
using Journal.Api.Realtime;
using Journal.Api.Reminders;
using Journal.Api.Stories;
using Journal.Api.Telemetry;
using Journal.Silo;
using Microsoft.AspNetCore.SignalR;

var builder = WebApplication.CreateBuilder(args);

// The API co-hosts the silo: grains run in this process, next to the REST facade.
builder.AddJournalSilo();

builder.Services.ConfigureHttpJsonOptions(json =>
{
    json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
    json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
});
builder.Services.AddJournalProblemDetails();
builder.Services.AddJournalAuth(builder.Configuration);
builder.Services.AddTrustedProxies(builder.Configuration);
builder.Services.AddJournalRateLimits(builder.Configuration);
builder.Services.AddSignalR().AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
builder.Services.AddSingleton<IUserIdProvider, SubjectUserIdProvider>();
builder.Services.AddSingleton<UpdatesConnections>();
builder.Services.AddSingleton<UpdatesNode>();
builder.Services.AddHostedService<UpdatesRenewal>();
builder.Services.AddSingleton<AccountDirectory>();
builder.Services.AddSingleton<PeerDirectory>();
builder.Services.AddSingleton<AuditLog>();
builder.Services.AddHostedService<BootstrapAdmin>();
builder.Services.AddOpenApi(OpenApiSetup.Configure);
builder.Services.AddJournalHealthChecks();
builder.Services.AddJournalTelemetry(builder.Configuration);

var app = builder.Build();

app.UseForwardedHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestBodyLimit();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();

app.MapOpenApi();
// Swagger UI sees only its own path: in the pipeline of every request, it matched each path with two regular expressions.
app.UseWhen(context => context.Request.Path.StartsWithSegments("/swagger"),
    swagger => swagger.UseSwaggerUI(ui => ui.SwaggerEndpoint("/openapi/v1.json", "Orleans.Journal v1")));
app.MapJournalHealthChecks();
app.MapAuthEndpoints();
app.MapMeEndpoints();
app.MapProgressEndpoints();
app.MapJournalEndpoints();
app.MapJournalSearchEndpoints();
app.MapSecretTagEndpoints();
app.MapAttachmentsApi();
app.MapContentEndpoints();
app.MapContentAdminEndpoints();
app.MapPremiumEndpoints();
app.MapMoodEndpoints();
app.MapNotificationEndpoints();
app.MapHabitEndpoints();
app.MapReminderEndpoints();
app.MapPeerEndpoints();
app.MapInsightsEndpoints();
app.MapAdminInsightsEndpoints();
app.MapCommunityEndpoints();
app.MapMemberEndpoints();
app.MapStoryEndpoints();
app.MapFollowEndpoints();
app.MapCommunityTagEndpoints();
app.MapModerationEndpoints();
app.MapAdminEndpoints();
app.MapDashboard();
app.MapHub<UpdatesHub>(UpdatesHub.Path, hub => hub.CloseOnAuthenticationExpiration = true).RequireAuthorization();

app.Run();

/// <summary>Entry point; public so integration tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
