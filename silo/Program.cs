using Journal.Silo;
using Microsoft.Extensions.Hosting;

// The silo on its own: a grain-only node (no HTTP), e.g. for a later cluster. The API co-hosts the same silo.
var builder = Host.CreateApplicationBuilder(args);
builder.AddJournalSilo();
await builder.Build().RunAsync();
