using Journal.Silo;
using Journal.Tests.CrashHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The silo as the service runs it (AddJournalSilo: migrations, PostgreSQL membership, storage,
// outbox streams, reminders) plus the crash grains. With Crash:Producers = N it keeps N producers
// busy until killed.
var builder = Host.CreateApplicationBuilder(args);
builder.AddJournalSilo();
builder.Services.AddHostedService<Workload>();
await builder.Build().RunAsync();
