using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using CustomerService.Tests.Infrastructure;
using CustomerService.Tests.Infrastructure.Browser;

namespace CustomerService.Tests.Bench;

/// <summary>
/// What <c>bash bench/run --smoke</c> needs: PostgreSQL's server binaries and pgbench (it starts a cluster of its own on a
/// free port, never the shared one at TEST_POSTGRES), and wrk. Outside CI a missing one skips the test; in CI it fails.
/// </summary>
public sealed class BenchmarkPrerequisites : IRunsOnPostgres
{
    public void Require()
    {
        var bin = ThrowawayPostgres.FindBinaries();
        if (bin is null || !File.Exists(Path.Combine(bin, "pgbench")))
            throw Prerequisite.Missing("No PostgreSQL server binaries and pgbench under /usr/lib/postgresql/<version>/bin (apt-get install postgresql).");
        if (Prerequisite.OnPath("wrk") is null) throw Prerequisite.Missing("No wrk on PATH (apt-get install wrk).");
        if (Prerequisite.OnPath("bash") is null) throw Prerequisite.Missing("No bash on PATH.");
    }
}

/// <summary>The smoke run keeps both cores busy for a minute or two: it runs alone, not beside timing-sensitive tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BenchmarkCollection
{
    public const string Name = "benchmark";
}

/// <summary>
/// The benchmark script still works: its smoke mode (a small data set, two seconds per workload) builds and starts everything,
/// captures the service's statements, replays them with pgbench, exits 0 and prints a row of figures per workload.
/// It proves the script, not any figure: the figures of a smoke run on a shared machine mean nothing.
/// </summary>
[Collection(BenchmarkCollection.Name)]
[Trait(TestCategory.Trait, TestCategory.Postgres)]
public sealed class BenchmarkSmokeTests(BenchmarkPrerequisites prerequisites) : IClassFixture<BenchmarkPrerequisites>
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10); // a guard against hanging: the run takes 1–2 minutes, plus a first Release build

    private static readonly string[] Workloads = ["plans", "accounts", "summary", "contracts", "backoffice", "mixed", "enrollment"];

    [Fact]
    public async Task TheSmokeRunExitsZeroAndPrintsARowOfNonZeroFiguresPerWorkload()
    {
        prerequisites.Require();
        var root = Prerequisite.RepositoryRoot().FullName;
        var output = Directory.CreateTempSubdirectory("customer-service-bench-smoke-").FullName;
        try
        {
            var (exitCode, text) = await RunAsync(root, "bench/run", "--smoke", "--out", output);
            Assert.True(exitCode == 0, $"bench/run --smoke exited {exitCode}:\n{text}");

            var table = text.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)).ToList();
            foreach (var request in new[] { "GET /api/enrollment/plans?zip=75001", "GET /api/accounts/{id}", "GET /api/customer/summary", "GET /api/contracts", "GET /customers?status=eq.live", "mixed portal reads", "POST /api/enrollment" })
                Assert.Contains(table, l => l.Contains(request, StringComparison.Ordinal));
            Assert.Contains(table, l => l.Contains("bare ASP.NET Core endpoint", StringComparison.Ordinal));

            var rows = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "results.json"), TestContext.Current.CancellationToken))!["rows"]!.AsArray();
            Assert.Equal(Workloads, rows.Select(r => (string)r!["workload"]!).Distinct());
            foreach (var row in rows)
            {
                // A request served without the database (a cache) has no baseline to replay: its row says so ("none: …").
                var replayed = !((string)row!["baseline"]!).StartsWith("none", StringComparison.Ordinal);
                var figures = replayed
                    ? new[] { "service_per_s", "service_p50_ms", "service_p99_ms", "rss_max_mib", "baseline_per_s", "baseline_p50_ms", "baseline_p99_ms", "ratio" }
                    : new[] { "service_per_s", "service_p50_ms", "service_p99_ms", "rss_max_mib" };
                foreach (var figure in figures)
                    Assert.True((double?)row[figure] > 0, $"{row["workload"]} vs {row["baseline"]}: {figure} is {row[figure]}");
                Assert.Equal(0, (long)row["service_errors"]!);
                Assert.Equal(0, (long)row["baseline_failed"]!);
            }

            // The baseline is what the service sent: each script holds the captured statements, the log lines beside it.
            foreach (var workload in Workloads.Where(w => w != "mixed"))
            {
                var script = await File.ReadAllTextAsync(Path.Combine(output, "captured", $"{workload}.pgbench.sql"), TestContext.Current.CancellationToken);
                var log = await File.ReadAllTextAsync(Path.Combine(output, "captured", $"{workload}.captured.log"), TestContext.Current.CancellationToken);
                Assert.Equal(log.Contains("LOG:  execute ", StringComparison.Ordinal), script.Contains("-- pid ", StringComparison.Ordinal));
            }
            var enrollment = await File.ReadAllTextAsync(Path.Combine(output, "captured", "enrollment.pgbench.sql"), TestContext.Current.CancellationToken);
            Assert.Contains("COMMIT;", enrollment, StringComparison.Ordinal);
        }
        finally
        {
            try { Directory.Delete(output, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string root, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(Limit, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            // SIGTERM: the script's trap stops its cluster and processes.
            using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!;
            await kill.WaitForExitAsync(CancellationToken.None);
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
            throw;
        }
        process.WaitForExit(); // drains the output
        lock (output) return (process.ExitCode, output.ToString());
    }
}
