using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BenchTool;

/// <summary>
/// The table of a run: each workload's service figures (wrk: req/s, p50, p99, errors; the service's RSS at most while it
/// ran) beside its baseline (pgbench with the captured statements: tps, p50 and p99 from the per-transaction logs; for
/// plans by ZIP also the bare endpoint) and the ratio of throughputs. Printed, and written as results.md and results.json.
/// Exits 1 when a run served nothing or more than 0.5% of a service run's requests failed.
/// </summary>
public static partial class Report
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static readonly (string Workload, string Label, string Baseline)[] Rows =
    [
        ("plans", "GET /api/enrollment/plans?zip=75001", "pgbench"),
        ("plans", "GET /api/enrollment/plans?zip=75001", "bare"),
        ("accounts", "GET /api/accounts/{id}", "pgbench"),
        ("accounts", "GET /api/accounts/{id}", "pgbench-unprepared"),
        ("summary", "GET /api/customer/summary", "pgbench"),
        ("summary", "GET /api/customer/summary", "pgbench-unprepared"),
        ("contracts", "GET /api/contracts", "pgbench"),
        ("contracts", "GET /api/contracts", "pgbench-unprepared"),
        ("backoffice", "GET /customers?status=eq.live&order=created_at.desc&limit=50 (csr)", "pgbench"),
        ("backoffice", "GET /customers?status=eq.live&order=created_at.desc&limit=50 (csr)", "pgbench-unprepared"),
        ("mixed", "mixed portal reads (2 plans : 4 account : 4 summary)", "pgbench"),
        ("mixed", "mixed portal reads (2 plans : 4 account : 4 summary)", "pgbench-unprepared"),
        ("enrollment", "POST /api/enrollment", "pgbench"),
    ];

    public static async Task<int> RunAsync(Options o)
    {
        var outDir = o.Required("out");
        var results = Path.Combine(outDir, "results");
        var rss = File.Exists(Path.Combine(outDir, "rss.txt"))
            ? (await File.ReadAllLinesAsync(Path.Combine(outDir, "rss.txt"))).Select(l => l.Split(' ')).Where(p => p.Length == 2)
                .GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Max(p => long.Parse(p[1], CultureInfo.InvariantCulture)) / 1024.0)
            : [];
        var idle = File.Exists(Path.Combine(results, "rss-idle.txt"))
            ? long.Parse((await File.ReadAllTextAsync(Path.Combine(results, "rss-idle.txt"))).Split(' ')[1], CultureInfo.InvariantCulture) / 1024.0
            : 0;

        var rows = new List<JsonObject>();
        var failures = new List<string>();
        foreach (var (workload, label, baseline) in Rows)
        {
            // Replayed unprepared only when the service sent the statements prepared (bench/run).
            if (baseline == "pgbench-unprepared" && !File.Exists(Path.Combine(results, $"{workload}-unprepared.pgbench.txt"))) continue;
            var service = Wrk(Path.Combine(results, $"{workload}.json"));
            var shape = ShapeOf(outDir, workload);
            var noStatements = baseline == "pgbench" && shape?.Statements == 0;
            var (rate, p50, p99, failed, description) = baseline == "bare"
                ? Bare(Path.Combine(results, "plans-bare.json"))
                : noStatements ? (0, 0, 0, 0, "none: the service sent no statement")
                : baseline == "pgbench-unprepared"
                    ? await PgbenchAsync(Path.Combine(results, $"{workload}-unprepared.pgbench.txt"), Path.Combine(outDir, "pgbench-logs"), $"{workload}-unprepared",
                        "pgbench, captured statements, unprepared (-M extended: parsed and planned each time)")
                    : await PgbenchAsync(Path.Combine(results, $"{workload}.pgbench.txt"), Path.Combine(outDir, "pgbench-logs"), workload,
                        ModeOf(outDir, workload) == "prepared" ? "pgbench, captured statements, prepared as the service sent them" : "pgbench, captured statements");
            var row = new JsonObject
            {
                ["workload"] = workload,
                ["request"] = label,
                ["service_per_s"] = Round(service.Rate),
                ["service_p50_ms"] = Round(service.P50),
                ["service_p99_ms"] = Round(service.P99),
                ["service_errors"] = service.Errors,
                ["service_requests"] = service.Requests,
                ["rss_max_mib"] = Round(rss.GetValueOrDefault(workload)),
                ["baseline"] = description,
                ["baseline_per_s"] = Round(rate),
                ["baseline_p50_ms"] = Round(p50),
                ["baseline_p99_ms"] = Round(p99),
                ["baseline_failed"] = failed,
                ["ratio"] = rate > 0 ? Math.Round(service.Rate / rate, 3) : null,
                ["statements"] = shape?.Statements,
                ["backends"] = shape?.Backends,
            };
            rows.Add(row);
            if (service.Rate <= 0) failures.Add($"{workload}: the service served nothing");
            else if (service.Errors > 0.005 * service.Requests) failures.Add($"{workload}: {service.Errors} of {service.Requests} requests failed (see results/{workload}.wrk.txt)");
            if (rate <= 0 && !noStatements) failures.Add($"{workload}: {description} served nothing");
            if (failed > 0) failures.Add($"{workload}: {failed} {description} transactions failed (see results/{workload}.pgbench.txt)");
        }

        var table = new StringBuilder();
        table.AppendLine("| workload | service req/s | p50 ms | p99 ms | errors | RSS max MiB | baseline | baseline /s | p50 ms | p99 ms | service/baseline | statements (backends) |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {r["request"]} | {F(r["service_per_s"])} | {F(r["service_p50_ms"])} | {F(r["service_p99_ms"])} | {r["service_errors"]} | {F(r["rss_max_mib"])} | {r["baseline"]} | {F(r["baseline_per_s"])} | {F(r["baseline_p50_ms"])} | {F(r["baseline_p99_ms"])} | {(r["ratio"] is null ? "–" : ((double)r["ratio"]!).ToString("P0", CultureInfo.InvariantCulture))} | {(r["statements"] is null ? "–" : $"{r["statements"]} ({r["backends"]})")} |");
        }
        var locks = string.Join('\n', (await ReadIfExists(Path.Combine(outDir, "run.txt"))).Split('\n').Where(l => l.Contains("pg_locks", StringComparison.Ordinal)));
        var run = await ReadIfExists(Path.Combine(outDir, "run.txt"));
        var notes = $"service RSS idle after warm-up: {idle:F0} MiB. Statements (backends): what the service sent for one captured request and on how many server processes; the pgbench script replays them on one connection.";
        Console.WriteLine();
        Console.Write(table);
        Console.WriteLine(notes);
        var md = new StringBuilder();
        md.AppendLine("# Benchmark run").AppendLine().AppendLine("```").Append(run.Replace("\r", "", StringComparison.Ordinal)).AppendLine("```").AppendLine();
        md.Append(table).AppendLine().AppendLine(notes);
        if (locks.Length > 0) md.AppendLine().AppendLine("```").AppendLine(locks).AppendLine("```");
        await File.WriteAllTextAsync(Path.Combine(outDir, "results.md"), md.ToString());
        var json = new JsonObject
        {
            ["run"] = run,
            ["customers"] = o.Get("customers"),
            ["connections"] = o.Get("connections"),
            ["duration"] = o.Get("duration"),
            ["rss_idle_mib"] = Round(idle),
            ["rows"] = new JsonArray(rows.Select(r => (JsonNode)r).ToArray()),
        };
        await File.WriteAllTextAsync(Path.Combine(outDir, "results.json"), json.ToJsonString(Indented));
        foreach (var f in failures) Console.Error.WriteLine($"FAILED: {f}");
        return failures.Count == 0 ? 0 : 1;
    }

    private sealed record Load(double Rate, double P50, double P99, long Errors, long Requests);

    private static Load Wrk(string path)
    {
        if (!File.Exists(path)) return new Load(0, 0, 0, 0, 0);
        var j = JsonNode.Parse(File.ReadAllText(path))!;
        var requests = j["requests"]!.GetValue<long>();
        var seconds = j["duration_us"]!.GetValue<long>() / 1e6;
        var errors = j["non2xx"]!.GetValue<long>() + j["connect_errors"]!.GetValue<long>() + j["read_errors"]!.GetValue<long>()
            + j["write_errors"]!.GetValue<long>() + j["timeouts"]!.GetValue<long>();
        return new Load(seconds > 0 ? requests / seconds : 0, j["p50_us"]!.GetValue<long>() / 1000.0, j["p99_us"]!.GetValue<long>() / 1000.0, errors, requests);
    }

    private static (double, double, double, long, string) Bare(string path)
    {
        var w = Wrk(path);
        return (w.Rate, w.P50, w.P99, w.Errors, "bare ASP.NET Core endpoint, same bytes");
    }

    private static async Task<(double, double, double, long, string)> PgbenchAsync(string output, string logs, string workload, string description)
    {
        if (!File.Exists(output)) return (0, 0, 0, 0, description);
        var text = await File.ReadAllTextAsync(output);
        var tps = Tps().Match(text) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var failed = Failed().Match(text) is { Success: true } f ? long.Parse(f.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        if (text.Contains("aborted", StringComparison.Ordinal) && failed == 0) failed = 1;
        var latencies = new List<long>();
        foreach (var file in Directory.Exists(logs) ? Directory.GetFiles(logs, $"{workload}.*") : [])
        {
            foreach (var line in await File.ReadAllLinesAsync(file))
            {
                var parts = line.Split(' ');
                if (parts.Length >= 3 && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var us)) latencies.Add(us);
            }
        }
        latencies.Sort();
        return (tps, Percentile(latencies, 0.50) / 1000.0, Percentile(latencies, 0.99) / 1000.0, failed, description);
    }

    private static double Percentile(List<long> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static (long Statements, long Backends)? ShapeOf(string outDir, string workload)
    {
        var path = Path.Combine(outDir, "captured", $"{workload}.shape");
        if (!File.Exists(path)) return null;
        var parts = File.ReadAllText(path).Trim().Split(' ');
        return (long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    /// <summary>How pgbench replayed the workload's statements: "prepared" when the service sent them prepared.</summary>
    private static string ModeOf(string outDir, string workload)
    {
        var path = Path.Combine(outDir, "captured", $"{(workload == "mixed" ? "accounts" : workload)}.mode");
        return File.Exists(path) ? File.ReadAllText(path).Trim() : "extended";
    }

    private static async Task<string> ReadIfExists(string path) => File.Exists(path) ? await File.ReadAllTextAsync(path) : "";

    private static double Round(double v) => Math.Round(v, 2);

    private static string F(JsonNode? n) => n is null ? "–" : ((double)n).ToString(((double)n) >= 100 ? "N0" : "0.##", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();

    [GeneratedRegex(@"number of failed transactions: (\d+)")]
    private static partial Regex Failed();
}
