using System.Diagnostics;
using System.Text;

namespace Journal.Tests.Infrastructure;

/// <summary>
/// A program of this repository, built next to the tests, run as a real separate process that a test
/// can kill with SIGKILL or stop with SIGTERM; what it prints is kept for failure messages.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ChildProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    // This assembly runs from tests/bin/<Configuration>/net10.0; the programs were built in the same configuration.
    private static readonly DirectoryInfo s_output = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));

    /// <summary>The repository's folder (its scripts, for instance).</summary>
    public static readonly string Repository = s_output.Parent!.Parent!.Parent!.Parent!.FullName;

    /// <summary>Runs <paramref name="assembly"/> built by the project in <paramref name="projectFolder"/> (relative to the repository).</summary>
    public static ChildProcess Start(string projectFolder, string assembly, IReadOnlyDictionary<string, string> environment)
    {
        var path = Path.Combine(Repository, projectFolder, "bin", s_output.Parent!.Name, s_output.Name, assembly);
        if (!File.Exists(path)) throw new FileNotFoundException("The program is not built (make it a project reference of the tests).", path);

        var start = new ProcessStartInfo("dotnet", ["exec", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(path)!,
        };
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {assembly}."));
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once the process exited and everything it printed was read.</summary>
    public async Task<int> ExitedAsync()
    {
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

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

    /// <summary>SIGTERM, as a service manager stops a process, then waits for it to exit on its own.</summary>
    public async Task TerminateAsync(TimeSpan within)
    {
        if (_process.HasExited) return;
        using (var signal = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await signal.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(timeout.Token);
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
