using Journal.Api.Health;
using Journal.Api.Limits;
using Journal.Api.Problems;
using Journal.Api.Telemetry;
using Journal.Silo;

var builder = WebApplication.CreateBuilder(args);

// The API co-hosts the silo: grains run in this process, next to the REST facade.
builder.AddJournalSilo();

builder.Services.AddJournalProblemDetails();
builder.Services.AddOpenApi();
builder.Services.AddJournalHealthChecks();
builder.Services.AddJournalTelemetry(builder.Configuration);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestBodyLimit();

app.MapOpenApi();
app.UseSwaggerUI(swagger => swagger.SwaggerEndpoint("/openapi/v1.json", "Orleans.Journal v1"));
app.MapJournalHealthChecks();

app.Run();

/// <summary>Entry point; public so integration tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
