using Microsoft.Extensions.Hosting;

namespace Journal.Silo;

/// <summary>The silo on its own: a grain-only node (no HTTP), e.g. for a later cluster. The API co-hosts the same silo.</summary>
internal static class SiloProgram
{
    public static async Task Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.AddJournalSilo();
        await builder.Build().RunAsync();
    }
}
