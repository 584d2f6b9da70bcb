using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerService.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CustomerService.Tests.Api;

/// <summary>The service on a PostgreSQL server of its own, which the outage test stops and starts, with its logs captured.</summary>
public sealed class OutagePostgresApp : CustomerServiceApp, IRunsOnPostgres
{
    public ThrowawayPostgres? Server { get; private set; }

    public CapturedLogs Logs { get; } = new();

    protected override async Task<TestDatabase> CreateDatabaseAsync()
    {
        if (ThrowawayPostgres.FindBinaries() is null)
        {
            const string reason = "No PostgreSQL server binaries under /usr/lib/postgresql/<version>/bin (apt-get install postgresql).";
            if (Environment.GetEnvironmentVariable("CI") is "true" or "1") throw new InvalidOperationException(reason);
            return new TestDatabase.UnavailableDatabase(reason);
        }
        Server = await ThrowawayPostgres.StartAsync();
        return new ServerDatabase(Server.ConnectionString);
    }

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Logs);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Server is not null) await Server.DisposeAsync();
    }

    private sealed class ServerDatabase(string connectionString) : TestDatabase
    {
        public override string Provider => "postgres";
        public override string ConnectionString => connectionString;
        public override ValueTask DisposeAsync() => ValueTask.CompletedTask; // the server goes with the fixture
    }
}

/// <summary>
/// Database stop and restart under load: every answer is 2xx, 3xx, 4xx or a 503 problem with Retry-After, each 503
/// is one Warning log line without a stack trace, and the service serves again once the server is back, without a restart.
/// </summary>
[Trait(TestCategory.Trait, TestCategory.Postgres)]
public sealed class DatabaseOutageTests(OutagePostgresApp app) : IClassFixture<OutagePostgresApp>
{
    private const string HandlerCategory = "CustomerService.Infrastructure.Http.ProblemDetailsExceptionHandler";
    private static readonly TimeSpan PhaseLimit = TimeSpan.FromMinutes(3); // a guard against hanging, not a measured figure

    private enum Kind { Plans, Preferences, Enrollment, PortalPage, BackOffice }

    private sealed record Answer(Kind Kind, int Status, string? ContentType, string Body, string? RetryAfter, long Finished);

    [Fact]
    public async Task StoppingPostgresUnderLoadAnswers503WithRetryAfterLogsOneWarningEachAndRecoversWithoutARestart()
    {
        app.SkipIfUnavailable();
        var server = app.Server!;
        using var anonymous = NewClient(null);
        var enrolled = await anonymous.EnrollAsync(Requests.Individual(), "outage-first");
        Assert.Equal(HttpStatusCode.Created, enrolled.StatusCode);
        using var john = NewClient(() => app.Issuer.Token("kc-outage-john", ["customer"], "john.smith@example.com"));
        using var csr = NewClient(() => app.Issuer.Token("csr-outage", ["csr"]));
        Assert.Equal(HttpStatusCode.OK, (await john.PutAsJsonAsync("/api/preferences", new { marketingOptIn = true })).StatusCode);
        app.Logs.Clear();

        var answers = new ConcurrentQueue<Answer>();
        var sequence = 0L;
        using var stopLoad = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = w; !stopLoad.IsCancellationRequested; i++)
            {
                var kind = (Kind)(i % 5);
                using var response = await SendAsync(kind, i, anonymous, john, csr);
                var body = await response.Content.ReadAsStringAsync();
                answers.Enqueue(new Answer(kind, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body,
                    response.Headers.RetryAfter?.ToString(), Interlocked.Increment(ref sequence)));
            }
        })).ToList();

        await WaitUntilAsync(() => Enum.GetValues<Kind>().All(k => answers.Count(a => a.Kind == k && a.Status < 500) >= 2), "the load to be served", workers);
        await server.StopServerAsync();
        await WaitUntilAsync(() => answers.Count(a => a.Status == 503) >= 8
                                   && answers.Any(a => a.Kind == Kind.Plans && a.Status == 503)
                                   && answers.Any(a => a.Kind == Kind.PortalPage && a.Status == 503)
                                   && answers.Any(a => a.Kind == Kind.BackOffice && a.Status == 503), "503 answers while PostgreSQL is down", workers);
        await server.StartServerAsync();
        var restarted = Interlocked.Read(ref sequence);
        await WaitUntilAsync(() => Enum.GetValues<Kind>().All(k => answers.Where(a => a.Kind == k && a.Finished > restarted).TakeLast(3) is var last
                                                                   && last.Count() == 3 && last.All(a => a.Status < 500)),
            "every kind of request to be served again after the restart", workers);
        await stopLoad.CancelAsync();
        await Task.WhenAll(workers);

        var all = answers.ToList();
        var unexpected = all.Where(a => a.Status is < 200 or (>= 500 and not 503)).ToList();
        Assert.True(unexpected.Count == 0, "Answers other than 2xx/3xx/4xx/503: " + string.Join("; ", unexpected.Take(5).Select(a => $"{a.Kind} {a.Status} {a.Body[..Math.Min(300, a.Body.Length)]}")));
        var unavailable = all.Where(a => a.Status == 503).ToList();
        Assert.All(unavailable, a => Assert.Equal(5, int.Parse(a.RetryAfter ?? "0", System.Globalization.CultureInfo.InvariantCulture)));
        foreach (var api in unavailable.Where(a => a.Kind is not (Kind.PortalPage or Kind.BackOffice)))
        {
            Assert.Equal("application/problem+json", api.ContentType);
            var problem = JsonNode.Parse(api.Body)!.AsObject();
            Assert.Equal(503, problem["status"]!.GetValue<int>());
            Assert.Equal("Service temporarily unavailable", problem["title"]!.GetValue<string>());
            Assert.Contains("Retry after 5 seconds", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        // The PostgREST-compatible interface answers in PostgREST's shape, as PostgREST does when its database is away.
        foreach (var query in unavailable.Where(a => a.Kind == Kind.BackOffice))
        {
            Assert.Equal("application/json", query.ContentType);
            var error = JsonNode.Parse(query.Body)!.AsObject();
            Assert.Equal(("PGRST000", "Database connection error. Retrying the connection."), (error["code"]!.GetValue<string>(), error["message"]!.GetValue<string>()));
            Assert.Contains("Retry after 5 seconds", error["hint"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        var page = unavailable.First(a => a.Kind == Kind.PortalPage);
        Assert.Equal("text/html", page.ContentType);
        Assert.Contains("Temporarily unavailable", page.Body, StringComparison.Ordinal);

        // The log an operator reads: one Warning line per 503 without a stack trace, and nothing at Error.
        var logs = app.Logs.Entries;
        var warnings = logs.Where(e => e.Category == HandlerCategory && e.Level == LogLevel.Warning && e.Message.StartsWith("Database unavailable", StringComparison.Ordinal)).ToList();
        Assert.Equal(unavailable.Count, warnings.Count);
        Assert.All(warnings, w => Assert.Null(w.Exception));
        var errors = logs.Where(e => e.Level >= LogLevel.Error).ToList();
        Assert.True(errors.Count == 0, "Error entries: " + string.Join("\n", errors.Take(5).Select(e => $"{e.Category}: {e.Message} {e.Exception?.GetType().Name}")));
        var withStack = logs.Where(e => e.Exception is not null).ToList();
        Assert.True(withStack.Count == 0, "Entries with an exception: " + string.Join("\n", withStack.Take(5).Select(e => $"{e.Level} {e.Category}: {e.Message}")));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{all.Count} answers, {unavailable.Count} × 503; {logs.Count(e => e.Level >= LogLevel.Warning)} Warning+ log entries, {warnings.Count} from the handler");

        // Full recovery on the same process: reads, writes through the commit step, and a new enrollment.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/enrollment/plans?zip=75001")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await john.PutAsJsonAsync("/api/preferences", new { marketingOptIn = false })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await anonymous.EnrollAsync(Lubbock("after.outage@example.com"), "outage-after")).StatusCode);
    }

    private HttpClient NewClient(Func<string>? token)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        HttpMessageHandler outer = token is null ? handler : new Bearer(token) { InnerHandler = handler };
        return new HttpClient(outer) { BaseAddress = new Uri(app.BaseAddress), Timeout = TimeSpan.FromMinutes(2) };
    }

    private sealed class Bearer(Func<string> token) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token());
            return base.SendAsync(request, cancellationToken);
        }
    }

    private static Task<HttpResponseMessage> SendAsync(Kind kind, int i, HttpClient anonymous, HttpClient john, HttpClient csr) => kind switch
    {
        Kind.BackOffice => csr.GetAsync("/customers?order=id&limit=5"),
        Kind.Plans => anonymous.GetAsync("/api/enrollment/plans?zip=75001"),
        Kind.Preferences => john.PutAsJsonAsync("/api/preferences", new { marketingOptIn = i % 2 == 0 }),
        // The meter is taken by the first enrollment: a 409 when the database answers, after reads and checks.
        Kind.Enrollment => anonymous.EnrollAsync(Requests.Individual($"load{i}@example.com"), $"outage-{i}"),
        // A portal step with a draft cookie reads the draft from the database.
        _ => anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/start/contact") { Headers = { { "Cookie", $"enrollment-draft=draft{i}" } } }),
    };

    private static JsonObject Lubbock(string email) => Requests.Individual(email).With(r =>
    {
        r["serviceAddress"] = new JsonObject { ["street"] = "2409 19th Street", ["city"] = "Lubbock", ["state"] = "TX", ["zip"] = "79410" };
        r["selectedPlanId"] = 1004;
        r["selectedMeterIds"] = new JsonArray(3050);
    });

    private static async Task WaitUntilAsync(Func<bool> condition, string what, List<Task> workers)
    {
        var limit = DateTime.UtcNow + PhaseLimit;
        while (!condition())
        {
            if (workers.FirstOrDefault(w => w.IsFaulted) is { } failed) await failed; // a request that threw, e.g. a dropped connection
            Assert.True(DateTime.UtcNow < limit, $"Gave up waiting for {what}.");
            await Task.Delay(100);
        }
    }
}
