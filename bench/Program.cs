using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Journal.Bench;

// dotnet run -c Release --project bench -- memory [count]     bytes per idle activation
// dotnet run -c Release --project bench -- streams throughput|latency [seconds] [producers] [events per commit] [events/s]
// dotnet run -c Release --project bench -- reminders burst|spread [count] [seconds]   durable reminder firing delay
// dotnet run -c Release --project bench -- search [entries] [searches per query]   journal search latency
// dotnet run -c Release --project bench -- --filter '*'        the BenchmarkDotNet suites
if (args.Length > 0 && args[0] == "memory")
{
    await MemoryPerActivation.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 100_000);
    return;
}
if (args.Length > 1 && args[0] == "streams")
{
    var seconds = args.Length > 2 ? int.Parse(args[2]) : 20;
    var producers = args.Length > 3 ? int.Parse(args[3]) : 64;
    var perCommit = args.Length > 4 ? int.Parse(args[4]) : 1;
    await StreamPipeline.RunAsync(args[1], seconds, producers, perCommit, rate: args.Length > 5 ? int.Parse(args[5]) : 1_000);
    return;
}
if (args.Length > 1 && args[0] == "reminders")
{
    await ReminderFiring.RunAsync(args[1], args.Length > 2 ? int.Parse(args[2]) : 1_000, args.Length > 3 ? int.Parse(args[3]) : 10);
    return;
}
if (args.Length > 0 && args[0] == "search")
{
    await SearchLatency.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 2_000, args.Length > 2 ? int.Parse(args[2]) : 500);
    return;
}

// In-process: the repository's build settings (warnings as errors) would break BenchmarkDotNet's generated project.
var config = DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).AsDefault());
BenchmarkSwitcher.FromAssembly(typeof(BenchSilo).Assembly).Run(args, config);
