using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace CustomerService.Tests.Infrastructure;

/// <summary>
/// The service as an operator runs it: <c>dotnet CustomerService.dll</c> in a process of its own (the build output of
/// src/CustomerService), configured by environment variables, listening on a free loopback port, stopped with a real
/// SIGTERM or killed.
/// </summary>
public sealed partial class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServiceProcess(Process process) => _process = process;

    /// <summary>Standard output and error so far (JSON log lines).</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static ServiceProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ServiceDll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.WorkingDirectory = Path.GetDirectoryName(ServiceDll)!;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Contracts__LifecycleJob__Enabled"] = "false";
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var service = new ServiceProcess(process);
        process.OutputDataReceived += (_, e) => service.Received(e.Data);
        process.ErrorDataReceived += (_, e) => service.Received(e.Data);
        process.Exited += (_, _) => service._listening.TrySetException(new InvalidOperationException($"The service exited ({process.ExitCode}):\n{service.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>The address it listens on, once Kestrel says so (or the process's exit, as an exception with its output).</summary>
    public Task<Uri> ListeningAsync(TimeSpan timeout) => _listening.Task.WaitAsync(timeout);

    /// <summary>SIGTERM, as a container runtime or systemd sends at a graceful stop.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!;
        await kill.WaitForExitAsync();
    }

    /// <summary>Whether the process exited within the limit.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Received(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (ListeningLine().Match(line) is { Success: true } match) _listening.TrySetResult(new Uri(match.Groups[1].Value));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    /// <summary>The service's build output beside this test build (same configuration and framework).</summary>
    private static string ServiceDll { get; } = FindServiceDll();

    private static string FindServiceDll()
    {
        // tests/CustomerService.Tests/bin/<configuration>/<framework>/ → src/CustomerService/bin/<configuration>/<framework>/
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Path.Combine(RepositoryRoot, "src", "CustomerService", "bin", framework.Parent!.Name, framework.Name, "CustomerService.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("The service's build output is missing (the test build builds it).", dll);
    }

    /// <summary>The repository this test build came from (tests/CustomerService.Tests/bin/&lt;configuration&gt;/&lt;framework&gt;/ is under it).</summary>
    public static string RepositoryRoot =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Parent!.Parent!.Parent!.Parent!.FullName;

    /// <summary>SIGKILL: the process ends at once, whatever it was doing (requests in flight fail).</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    [GeneratedRegex(@"Now listening on: (http://[^""\s\\]+)")]
    private static partial Regex ListeningLine();
}
