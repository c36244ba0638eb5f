using System.Diagnostics;
using System.Text;

namespace Journal.Tests.Infrastructure;

/// <summary>
/// The crash host (tests/CrashHost: the Orleans silo as the service runs it, plus producing and
/// consuming grains) as a real separate process that a test can kill with SIGKILL.
/// </summary>
public sealed class CrashHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private CrashHostProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <param name="producers">Producer grains kept busy; 0 only consumes.</param>
    /// <param name="siloPort">The silo's port: a host restarted on the port of a killed one takes its place in the cluster at once.</param>
    public static CrashHostProcess Start(string connectionString, int producers, int siloPort)
    {
        // Built next to this assembly's output: tests/bin/<Configuration>/net10.0 → tests/CrashHost/bin/<Configuration>/net10.0.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!.Name;
        var testsDirectory = output.Parent.Parent!.Parent!.FullName;
        var host = Path.Combine(testsDirectory, "CrashHost", "bin", configuration, output.Name, "Journal.Tests.CrashHost.dll");
        if (!File.Exists(host)) throw new FileNotFoundException("The crash host is not built (it is a project reference of the tests).", host);

        var start = new ProcessStartInfo("dotnet", ["exec", host])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ConnectionStrings__Postgres"] = connectionString;
        start.Environment["Crash__Producers"] = producers.ToString();
        start.Environment["Orleans__SiloPort"] = siloPort.ToString();
        start.Environment["Orleans__GatewayPort"] = "0";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return new CrashHostProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start the crash host."));
    }

    public bool HasExited => _process.HasExited;

    /// <summary>What the process printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a power cut or an OOM kill.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}
