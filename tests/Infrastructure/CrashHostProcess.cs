namespace Journal.Tests.Infrastructure;

/// <summary>
/// The crash host (tests/CrashHost: the Orleans silo as the service runs it, plus producing and
/// consuming grains) as a real separate process that a test can kill with SIGKILL.
/// </summary>
public static class CrashHostProcess
{
    /// <param name="producers">Producer grains kept busy; 0 only consumes.</param>
    /// <param name="siloPort">The silo's port: a host restarted on the port of a killed one takes its place in the cluster at once.</param>
    public static ChildProcess Start(string connectionString, int producers, int siloPort) =>
        ChildProcess.Start(Path.Combine("tests", "CrashHost"), "Journal.Tests.CrashHost.dll", new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = connectionString,
            ["Crash__Producers"] = producers.ToString(),
            ["Orleans__SiloPort"] = siloPort.ToString(),
            ["Orleans__GatewayPort"] = "0",
        });
}
