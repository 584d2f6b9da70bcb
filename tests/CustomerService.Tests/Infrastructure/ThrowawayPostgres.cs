using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CustomerService.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of its own (initdb into a temp folder, pg_ctl on a free loopback port), for tests that stop
/// and start the server: the shared one at TEST_POSTGRES serves the other test classes running in parallel.
/// Run as the postgres OS user when the tests run as root (CI does), since PostgreSQL refuses to run as root.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _folder;
    private bool _running;

    private ThrowawayPostgres(string bin, string folder, int port)
    {
        (_bin, _folder, Port) = (bin, folder, port);
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=5;Command Timeout=30";

    private string DataFolder => Path.Combine(_folder, "data");

    /// <summary>The newest PostgreSQL's binaries under /usr/lib/postgresql, or null when none is installed.</summary>
    public static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(d => File.Exists(Path.Combine(d.Dir, "pg_ctl")))
                .OrderByDescending(d => d.Version).Select(d => d.Dir).FirstOrDefault()
            : null;

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException("No PostgreSQL server binaries under /usr/lib/postgresql/<version>/bin (apt-get install postgresql).");
        var folder = Directory.CreateTempSubdirectory("customer-service-pg-").FullName;
        var server = new ThrowawayPostgres(bin, folder, FreePort());
        if (Environment.UserName == "root") await RunAsync("chown", "-R", "postgres:", folder);
        await server.PgAsync("initdb", "-D", server.DataFolder, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync");
        await server.StartServerAsync();
        return server;
    }

    public async Task StartServerAsync()
    {
        await PgAsync("pg_ctl", "-D", DataFolder, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "120",
            "-o", $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start");
        _running = true;
    }

    /// <summary>A fast shutdown: sessions are ended (57P01), the server stops accepting connections.</summary>
    public async Task StopServerAsync()
    {
        await PgAsync("pg_ctl", "-D", DataFolder, "-m", "fast", "-w", "-t", "120", "stop");
        _running = false;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_running) await PgAsync("pg_ctl", "-D", DataFolder, "-m", "immediate", "-w", "stop");
        }
        finally
        {
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private Task PgAsync(string tool, params string[] args) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args])
            : RunAsync(Path.Combine(_bin, tool), args);

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} could not be started.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await output} {await error}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
