using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CustomerService.Features.ReferenceData;
using CustomerService.Tests.Infrastructure;

namespace CustomerService.Tests.Deploy;

/// <summary>
/// The deployment of deploy/ on one machine: the migration step first (<c>CustomerService migrate</c>), then three
/// instances with MigrateOnStart off on one PostgreSQL database, behind Debian's nginx with deploy/nginx's
/// configuration. Enrollments, self-service reads and the event feed go through the proxy while one instance is
/// killed (SIGKILL) and started again: nothing fails but what the killed instance had in flight, and every enrollment
/// answered 201 is in the feed.
/// </summary>
[Trait(TestCategory.Trait, TestCategory.Postgres)]
public sealed partial class BehindNginxTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan InFlightMargin = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task ThreeInstancesBehindNginxLoseNothingButTheKilledInstancesInFlightRequests()
    {
        var nginx = NginxBinary();
        await using var database = await server.CreateDatabaseAsync();
        var work = Directory.CreateTempSubdirectory("customer-service-nginx-");
        var ports = FreePorts(4);
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = "postgres",
            ["ConnectionStrings__Customers"] = database.ConnectionString,
            ["Database__MigrateOnStart"] = "false",
            ["DataProtection__KeysPath"] = Path.Combine(work.FullName, "keys"),
            ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true",
            ["RateLimiting__Enrollment__PermitLimit"] = "100000",
        };
        Dictionary<string, string> On(int port) => new(settings) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" };

        var instances = new ServiceProcess?[3];
        Process? proxy = null;
        try
        {
            await using (var migrate = ServiceProcess.Start(settings, "migrate"))
            {
                Assert.True(await migrate.WaitForExitAsync(StartTimeout), "migrate did not finish:\n" + migrate.Output);
                Assert.True(migrate.ExitCode == 0, "migrate failed:\n" + migrate.Output);
            }
            for (var i = 0; i < 3; i++) instances[i] = ServiceProcess.Start(On(ports[i]));
            await Task.WhenAll(instances.Select(p => p!.ListeningAsync(StartTimeout)));

            proxy = StartNginx(nginx, work.FullName, ports[3], ports[..3]);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[3]}"), Timeout = TimeSpan.FromSeconds(30) };
            await UntilAsync(async () => (await http.GetAsync("/api/enrollment/plans?zip=75001")).IsSuccessStatusCode, "nginx to answer");
            var service = await TokenAsync(http, new { role = "service" });

            var load = new Load(http, service);
            using var stop = new CancellationTokenSource();
            var running = load.RunAsync(stop.Token);
            await Task.Delay(TimeSpan.FromSeconds(4));

            var killedAt = DateTime.UtcNow;
            await instances[1]!.KillAsync();
            // In flight on the killed instance: sent to it before it was gone, including on a keep-alive connection
            // nginx had open to it while it died (nginx never resends a POST it may have delivered).
            var goneBy = DateTime.UtcNow + InFlightMargin;
            await Task.Delay(TimeSpan.FromSeconds(4));
            instances[1] = ServiceProcess.Start(On(ports[1]));
            await instances[1]!.ListeningAsync(StartTimeout);
            await Task.Delay(TimeSpan.FromSeconds(4));
            await stop.CancelAsync();
            await running;

            var failed = load.Requests.Where(r => !r.Succeeded).ToList();
            bool InFlightAtKill(Request r) => r.Started <= goneBy && r.Ended >= killedAt;
            var inFlightAtKill = load.Requests.Count(InFlightAtKill);
            var report = $"{load.Requests.Count} requests, {load.Enrolled.Count} enrollments; failed: " +
                         string.Join("; ", failed.Take(10).Select(r => $"{r.What} → {r.Outcome} ({r.Started:HH:mm:ss.fff}–{r.Ended:HH:mm:ss.fff})")) +
                         $"; killed at {killedAt:HH:mm:ss.fff}, gone by {goneBy:HH:mm:ss.fff}, {inFlightAtKill} in flight then";
            Assert.True(load.Enrolled.Count >= 3, report);
            Assert.True(load.Requests.Any(r => r.What.StartsWith("GET /api/customer", StringComparison.Ordinal)), report);
            Assert.All(failed, r => Assert.True(InFlightAtKill(r), report));
            Assert.True(failed.Count <= Load.Workers, report);

            // Every enrollment the service confirmed is in the event feed, read through the proxy.
            var enrolledInFeed = await CustomersInFeedAsync(http, service);
            Assert.All(load.Enrolled, id => Assert.Contains(id, enrolledInFeed));
        }
        finally
        {
            if (proxy is { HasExited: false }) { proxy.Kill(); await proxy.WaitForExitAsync(); }
            proxy?.Dispose();
            foreach (var instance in instances) if (instance is not null) await instance.DisposeAsync();
            work.Delete(recursive: true);
        }
    }

    /// <summary>Four workers: enrollments (one address after another), plans and documents, a customer's self-service reads, the feed.</summary>
    private sealed class Load(HttpClient http, string serviceToken)
    {
        public const int Workers = 4;
        private readonly List<Request> _requests = [];
        private readonly List<long> _enrolled = [];
        private readonly Dictionary<long, string> _customerTokens = [];

        public IReadOnlyList<Request> Requests { get { lock (_requests) return _requests.ToList(); } }
        public IReadOnlyList<long> Enrolled { get { lock (_requests) return _enrolled.ToList(); } }

        public Task RunAsync(CancellationToken stop) => Task.WhenAll(
            Loop(Enroll, stop),
            Loop(Plans, stop),
            Loop(SelfService, stop),
            Loop(async _ => await SendAsync("GET /api/events", () => Authorized(HttpMethod.Get, "/api/events?limit=100", serviceToken)), stop));

        private async Task Plans(int n)
        {
            var path = n % 2 == 0 ? "/api/enrollment/plans?zip=75001" : "/api/enrollment/plans/1003/efl";
            await SendAsync($"GET {path}", () => http.GetAsync(path));
        }

        private static async Task Loop(Func<int, Task> step, CancellationToken stop)
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                await step(n);
                await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
            }
        }

        private int _address;

        private async Task Enroll(int n)
        {
            var addresses = DemoReferenceData.Addresses;
            if (_address >= addresses.Count) { await Task.Delay(100); return; }
            var index = _address++;
            var (street, unit, city, zip, _) = addresses[index];
            var meters = DemoReferenceData.ServicePointsAndMeters().Meters.Where(m => m.ServicePointId == index + 1).Select(m => m.Id).ToArray();
            var request = Infrastructure.Requests.Individual($"proxy-{index}@nginx.example", DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            request["serviceAddress"] = new JsonObject { ["street"] = street, ["unit"] = unit, ["city"] = city, ["state"] = "TX", ["zip"] = zip };
            request["selectedPlanId"] = 1003;
            // Move-ins with proof of occupancy: one demo service point is under a switch hold, which refuses a switch.
            request["enrollmentType"] = "moveIn";
            request["proofOfOccupancy"] = true;
            request["selectedMeterIds"] = new JsonArray(meters.Select(m => (JsonNode)m).ToArray());
            var response = await SendAsync("POST /api/enrollment", () =>
            {
                var message = new HttpRequestMessage(HttpMethod.Post, "/api/enrollment") { Content = JsonContent.Create(request) };
                message.Headers.Add("Idempotency-Key", $"nginx-{index}");
                return http.SendAsync(message);
            });
            if (response?.StatusCode == HttpStatusCode.Created)
            {
                var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["customerId"]!.GetValue<long>();
                lock (_requests) _enrolled.Add(id);
                // The customer's token is a request like the others: a POST in flight on the killed instance may fail
                // (nginx does not resend it), and is counted as such; that customer then just takes no part in the reads.
                var issued = await SendAsync("POST /dev/identity/token", () => http.PostAsJsonAsync("/dev/identity/token", new { customerId = id }));
                if (issued?.IsSuccessStatusCode == true)
                {
                    var token = (await issued.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
                    lock (_requests) _customerTokens[id] = token;
                }
            }
        }

        private async Task SelfService(int n)
        {
            KeyValuePair<long, string>[] customers;
            lock (_requests) customers = _customerTokens.ToArray();
            if (customers.Length == 0) { await Task.Delay(100); return; }
            var (_, token) = customers[n % customers.Length];
            var path = n % 2 == 0 ? "/api/customer/summary" : "/api/customer";
            await SendAsync($"GET {path}", () => Authorized(HttpMethod.Get, path, token));
        }

        private Task<HttpResponseMessage> Authorized(HttpMethod method, string path, string token)
        {
            var message = new HttpRequestMessage(method, path);
            message.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            return http.SendAsync(message);
        }

        private async Task<HttpResponseMessage?> SendAsync(string what, Func<Task<HttpResponseMessage>> send)
        {
            var started = DateTime.UtcNow;
            HttpResponseMessage? response = null;
            string outcome;
            try
            {
                response = await send();
                outcome = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                outcome = ex.GetType().Name;
            }
            var succeeded = response is not null && (int)response.StatusCode < 500;
            if (response is not null && !response.IsSuccessStatusCode && succeeded) outcome += " " + await response.Content.ReadAsStringAsync();
            lock (_requests) _requests.Add(new Request(what, started, DateTime.UtcNow, succeeded && response!.IsSuccessStatusCode, outcome));
            return response;
        }
    }

    private sealed record Request(string What, DateTime Started, DateTime Ended, bool Succeeded, string Outcome);

    private static async Task<string> TokenAsync(HttpClient http, object who)
    {
        var response = await http.PostAsJsonAsync("/dev/identity/token", who);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
    }

    private static async Task<HashSet<long>> CustomersInFeedAsync(HttpClient http, string token)
    {
        var customers = new HashSet<long>();
        for (long after = 0; ;)
        {
            using var message = new HttpRequestMessage(HttpMethod.Get, $"/api/events?after={after}&limit=1000&type=customer.CustomerCreated");
            message.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            var page = (await (await http.SendAsync(message)).Content.ReadFromJsonAsync<JsonObject>())!;
            var events = page["events"]!.AsArray();
            foreach (var e in events) customers.Add(long.Parse(e!["subject"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
            if (events.Count == 0) return customers;
            after = page["next"]!.GetValue<long>();
        }
    }

    /// <summary>deploy/nginx/customer-service.conf with its upstream servers and listen address made local, inside a minimal main configuration.</summary>
    private static Process StartNginx(string nginx, string folder, int port, int[] instances)
    {
        var site = File.ReadAllText(Path.Combine(ServiceProcess.RepositoryRoot, "deploy", "nginx", "customer-service.conf"));
        var next = 0;
        site = UpstreamServer().Replace(site, _ => $"server 127.0.0.1:{instances[next++]}");
        Assert.Equal(instances.Length, next);
        site = site.Replace("listen 80;", $"listen 127.0.0.1:{port};", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(folder, "customer-service.conf"), site);
        var temp = Directory.CreateDirectory(Path.Combine(folder, "temp")).FullName;
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, (UnixFileMode)0x1FF); // nginx workers run as nobody
        File.WriteAllText(Path.Combine(folder, "nginx.conf"), $$"""
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path {{temp}}/body;
                proxy_temp_path {{temp}}/proxy;
                fastcgi_temp_path {{temp}}/fastcgi;
                uwsgi_temp_path {{temp}}/uwsgi;
                scgi_temp_path {{temp}}/scgi;
                include {{folder}}/customer-service.conf;
            }
            """);
        var start = new ProcessStartInfo(nginx) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-g", "daemon off;" }) start.ArgumentList.Add(argument);
        return Process.Start(start)!;
    }

    private static string NginxBinary()
    {
        foreach (var candidate in new[] { "/usr/sbin/nginx", "/usr/bin/nginx" })
            if (File.Exists(candidate)) return candidate;
        const string message = "nginx is not installed (Debian: apt-get install nginx; .ci/run does).";
        if (Environment.GetEnvironmentVariable("CI") is "true" or "1") Assert.Fail(message);
        Assert.Skip(message);
        return null!;
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow >= deadline) Assert.Fail($"Timed out waiting for {what}.");
            await Task.Delay(200);
        }
    }

    [GeneratedRegex(@"server 10\.0\.0\.\d+:8080")]
    private static partial Regex UpstreamServer();
}
