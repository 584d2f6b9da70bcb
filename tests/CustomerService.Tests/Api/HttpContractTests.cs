using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CustomerService.Tests.Infrastructure;

namespace CustomerService.Tests.Api;

/// <summary>How the service answers input it cannot use, and its operational endpoints. Independent of the database provider.</summary>
[Collection(SqliteCollection.Name)]
public sealed class HttpContractTests(SqliteApp app) : ProviderTests(app)
{
    private Task<HttpResponseMessage> PostRawAsync(string body, string contentType = "application/json") =>
        Client.PostAsync("/api/enrollment", new StringContent(body, Encoding.UTF8, contentType));

    [Fact]
    public async Task MalformedJsonIs400WithAProblem()
    {
        var problem = await (await PostRawAsync("{\"customerType\": \"individual\", ")).ProblemAsync(400);

        Assert.Equal("Malformed request", problem["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task AValueOfTheWrongTypeIs400NamingItsPath()
    {
        var body = Requests.Individual().With(r => r["selectedPlanId"] = "green");

        var problem = await (await PostRawAsync(body.ToJsonString())).ProblemAsync(400);

        Assert.Contains("$.selectedPlanId", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmptyBodyIs400()
    {
        await (await PostRawAsync("")).ProblemAsync(400);
        await (await PostRawAsync("null")).ProblemAsync(400);
    }

    [Fact]
    public async Task ABodyOver64KiBIs413()
    {
        var body = Requests.Individual().With(r => r["padding"] = new string('x', 70 * 1024));

        var problem = await (await PostRawAsync(body.ToJsonString())).ProblemAsync(413);

        Assert.Contains("64 KiB", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, await App.CountAsync("customers"));
    }

    [Fact]
    public async Task UnknownFieldsAreIgnored()
    {
        var body = Requests.Individual().With(r => r["favouriteColour"] = "green");

        Assert.Equal(HttpStatusCode.Created, (await PostRawAsync(body.ToJsonString())).StatusCode);
    }

    [Fact]
    public async Task AnInvalidIdempotencyKeyIs400()
    {
        await (await Client.EnrollAsync(Requests.Individual(), new string('k', 300))).ProblemAsync(400);
    }

    [Fact]
    public async Task AnUnknownRouteIsAProblem()
    {
        await (await Client.GetAsync("/api/nothing-here")).ProblemAsync(404);
    }

    [Fact]
    public async Task HealthEndpointsReportTheDatabase()
    {
        var live = await Client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        var ready = await (await Client.GetAsync("/health/ready")).JsonAsync();
        Assert.Equal("Healthy", ready["status"]!.GetValue<string>());
        Assert.Equal("Healthy", ready["checks"]!["database"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheEnrollmentApiAndSwaggerBrowsesIt()
    {
        var document = JsonNode.Parse(await Client.GetStringAsync("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/enrollment", paths);
        Assert.Contains("/api/enrollment/plans", paths);
        Assert.Contains("/api/enrollment/meters", paths);
        Assert.Contains("/api/enrollment/validate-address", paths);
        var responses = document["paths"]!["/api/enrollment"]!["post"]!["responses"]!.AsObject().Select(r => r.Key).ToList();
        Assert.Contains("201", responses);
        Assert.Contains("400", responses);

        // Every status a self-service use case can answer is listed, refusals included.
        string[] Statuses(string path, string method) => document["paths"]![path]![method]!["responses"]!.AsObject().Select(r => r.Key).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["200", "400", "404", "409"], Statuses("/api/contracts/{contractId}/cancel", "post"));
        Assert.Equal(["201", "400", "404", "409"], Statuses("/api/contracts/{contractId}/renew", "post"));
        Assert.Equal(["200", "403", "404"], Statuses("/api/accounts/{accountId}/summary", "get"));
        Assert.Equal(["200", "400", "404", "409"], Statuses("/api/customer", "put"));

        var swagger = await Client.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, swagger.StatusCode);
        Assert.Contains("swagger-ui", await swagger.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

/// <summary>An app with a small enrollment rate limit, in its own collection so the limit is not shared.</summary>
public sealed class RateLimitedApp : CustomerServiceApp
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:Enrollment:PermitLimit"] = "2",
        ["RateLimiting:Enrollment:WindowSeconds"] = "600",
    };
}

[CollectionDefinition(Name)]
public sealed class RateLimitedCollection : ICollectionFixture<RateLimitedApp>
{
    public const string Name = "rate-limited";
}

[Collection(RateLimitedCollection.Name)]
public sealed class RateLimitTests(RateLimitedApp app) : ProviderTests(app)
{
    [Fact]
    public async Task EnrollmentSubmissionsPerClientAreLimitedWithRetryAfter()
    {
        await Client.EnrollAsync(Requests.Individual());
        await Client.EnrollAsync(Requests.Individual());

        var response = await Client.EnrollAsync(Requests.Individual());

        var problem = await response.ProblemAsync(429);
        Assert.Contains("2 enrollments", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        // Reading plans is not limited.
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/enrollment/plans?zip=75001")).StatusCode);
    }
}
