using Journal.Runtime;
using Journal.Silo;
using Journal.Tests.CrashHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The silo as the service runs it (AddJournalSilo: PostgreSQL storage, streams, reminders,
// migrations) plus the crash grains. With Crash:Producers = N it keeps N producers busy until killed.
var builder = Host.CreateApplicationBuilder(args);
builder.AddJournalSilo(runtime => runtime.AddGrains(typeof(CrashProducerGrain), typeof(CrashConsumerGrain)));
builder.Services.AddHostedService<Workload>();
await builder.Build().RunAsync();
