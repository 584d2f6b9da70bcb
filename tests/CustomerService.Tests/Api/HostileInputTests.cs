using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CustomerService.Common;
using CustomerService.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerService.Tests.Api;

/// <summary>
/// Input is validated or stored, never a 500: every text and number field of every write endpoint (found in the app's
/// route table, so a new endpoint without a sample here fails) and every field a portal form renders gets the hostile
/// values: NUL and other control characters, a lone surrogate, 10,000 characters, ±1e20 and NaN-like strings. Nothing
/// answers 5xx; what breaks the text rule or a column's range is a 400 naming the field; a refused request changes no
/// row, and no hostile value is found stored anywhere in the database afterwards.
/// </summary>
public abstract partial class HostileInputTests(CustomerServiceApp app) : ProviderTests(app)
{
    /// <summary>A hostile value: the raw JSON it is sent as, and the text it is typed or put in a URL as.</summary>
    private sealed record Hostile(string Name, string Json, string Typed, string InUrl, bool BreaksTextRule);

    private const string LongText = "W";

    private static readonly Hostile[] TextValues =
    [
        new("NUL", "\"a\\u0000b\"", "a\0b", "a%00b", true),
        new("C0 control", "\"a\\u0001b\"", "a\u0001b", "a%01b", true),
        new("line feed", "\"a\\nb\"", "a\nb", "a%0Ab", true),
        new("DEL", "\"a\\u007fb\"", "a\u007fb", "a%7Fb", true),
        new("C1 control", "\"a\\u0085b\"", "a\u0085b", "a%C2%85b", true),
        new("lone surrogate", "\"a\\ud800b\"", "a\ud800b", "a%ED%A0%80b", true),
        new("10k characters", $"\"{new string('W', 10_000)}\"", new string('W', 10_000), new string('W', 10_000), false),
    ];

    private static readonly Hostile[] NumberValues =
    [
        new("1e20", "1e20", "1e20", "1e20", false),
        new("-1e20", "-1e20", "-1e20", "-1e20", false),
        new("NaN", "\"NaN\"", "NaN", "NaN", false),
        new("Infinity", "\"Infinity\"", "Infinity", "Infinity", false),
        new("-Infinity", "\"-Infinity\"", "-Infinity", "-Infinity", false),
    ];

    /// <summary>The rows and ids the samples refer to.</summary>
    protected sealed record Seeded(long Customer, long Business, long Account, long Premise, long Contract, string AccountNumber, string MeterNumber, long Esco, string ConfirmationNumber = "ENR-1-AAAA");

    /// <summary>A valid request to one write endpoint, which the test then spoils one field at a time.</summary>
    private sealed record Sample(string Route, string? Role, Func<Seeded, IReadOnlyDictionary<string, string>> Values, string Query = "", Func<Seeded, JsonNode>? Body = null);

    private static Dictionary<string, string> V(params (string Name, object Value)[] values) =>
        values.ToDictionary(v => v.Name, v => Convert.ToString(v.Value, CultureInfo.InvariantCulture)!, StringComparer.Ordinal);

    private static JsonObject Address(string street = "123 Main Street") =>
        new() { ["street"] = street, ["unit"] = "Apt 1", ["city"] = "Anytown", ["state"] = "TX", ["zip"] = "75001" };

    /// <summary>
    /// One sample per write endpoint of the JSON API, the billing facts, the back office and the query interface,
    /// keyed by the route as the app's route table has it. Route parameters and query slots ({name}) are spoiled too.
    /// </summary>
    private static readonly Sample[] Samples =
    [
        new("POST /dev/identity/token", null, _ => V(), Body: _ => new JsonObject { ["customerId"] = 1 }),
        new("POST /dev/identity/token", null, _ => V(), Body: _ => new JsonObject { ["role"] = "csr" }),
        new("POST /signout", null, _ => V()), // the portal's sign-out form: an antiforgery token and nothing else
        new("POST /api/invites/accept", "customer", _ => V(), Body: _ => new JsonObject { ["token"] = "not-a-real-invite-token" }),
        new("POST /api/enrollment/validate-address", null, _ => V(), Body: _ => Address()),
        new("POST /api/enrollment", null, _ => V(), Body: _ => Requests.Individual("hostile@example.com").With(r =>
        {
            r["serviceAddress"] = Address();
            r["enrollmentType"] = "moveIn";
            r["proofOfOccupancy"] = true;
            r["mailingAddress"] = new JsonObject { ["sameAsService"] = false, ["street"] = "PO Box 1", ["unit"] = "Box 2", ["city"] = "Dallas", ["state"] = "TX", ["zip"] = "75221" };
        })),
        new("POST /api/enrollment", null, _ => V(), Body: _ => Requests.Business("hostile-business@example.com").With(r =>
        {
            r["enrollmentType"] = "switch";
            r["primaryContact"] = new JsonObject { ["firstName"] = "Jane", ["lastName"] = "Doe", ["title"] = "CFO", ["email"] = "jane@example.com", ["phone"] = "(555) 987-6543" };
        })),
        new("POST /api/enrollment/{confirmationNumber}/rescind", null, s => V(("confirmationNumber", s.ConfirmationNumber)),
            Body: _ => new JsonObject { ["email"] = "john.smith@example.com", ["reason"] = "Changed my mind" }),
        new("PUT /api/customer", "customer", _ => V(), Body: _ => new JsonObject { ["firstName"] = "John", ["lastName"] = "Smith", ["email"] = "john.smith@example.com", ["phone"] = "(555) 123-4567" }),
        new("PUT /api/customer", "business", _ => V(), Body: _ => new JsonObject
        {
            ["businessName"] = "Acme Corporation", ["email"] = "accounts@acme.com", ["phone"] = "(555) 987-6543",
            ["primaryContact"] = new JsonObject { ["firstName"] = "Jane", ["lastName"] = "Doe", ["title"] = "CFO", ["email"] = "jane@example.com", ["phone"] = "(555) 987-6543" },
        }),
        new("PUT /api/accounts/{accountId:long}", "customer", s => V(("accountId", s.Account)), Body: _ => new JsonObject { ["nickname"] = "Home" }),
        new("PUT /api/premises/{premiseId:long}", "customer", s => V(("premiseId", s.Premise)), Body: _ => new JsonObject { ["nickname"] = "Home", ["isPrimary"] = true }),
        new("POST /api/premises/{premiseId:long}/set-primary", "customer", s => V(("premiseId", s.Premise))),
        new("POST /api/premises/{premiseId:long}/stop", "customer", s => V(("premiseId", s.Premise)), Body: _ => new JsonObject
        {
            ["stopDate"] = "2026-12-20", ["reason"] = "moving",
            ["forwardingAddress"] = new JsonObject { ["street"] = "500 New Home Road", ["unit"] = "Apt 2", ["city"] = "Austin", ["state"] = "TX", ["zip"] = "78701" },
        }),
        new("DELETE /api/premises/{premiseId:long}/stop", "customer", s => V(("premiseId", s.Premise))),
        new("POST /api/premises/{premiseId:long}/move", "customer", s => V(("premiseId", s.Premise)), Body: _ => new JsonObject
        {
            ["moveDate"] = "2026-12-20", ["serviceStartDate"] = "2026-12-21",
            ["serviceAddress"] = new JsonObject { ["street"] = "4512 Swiss Avenue", ["unit"] = "Apt 1", ["city"] = "Dallas", ["state"] = "TX", ["zip"] = "75204" },
            ["selectedMeterIds"] = new JsonArray(3005), ["selectedPlanId"] = 1001, ["acceptedTerms"] = true,
            ["forwardingAddress"] = new JsonObject { ["street"] = "PO Box 9", ["unit"] = "Box 1", ["city"] = "Dallas", ["state"] = "TX", ["zip"] = "75221" },
        }),
        new("PUT /api/preferences", "customer", _ => V(), Body: _ => new JsonObject
        {
            ["billDelivery"] = "email", ["marketingOptIn"] = false,
            ["notifications"] = new JsonObject { ["billReady"] = true, ["paymentDue"] = true, ["outageAlerts"] = true, ["highUsageAlerts"] = false },
            ["autoPay"] = new JsonObject { ["enabled"] = true, ["paymentMethodId"] = "pm_12345" },
            ["mailingAddress"] = Address("PO Box 7").With(a => a["sameAsPrimaryPremise"] = false),
        }),
        new("PUT /api/preferences/notifications", "customer", _ => V(), Body: _ => new JsonObject { ["billReady"] = true, ["paymentDue"] = true, ["outageAlerts"] = true, ["highUsageAlerts"] = false }),
        new("POST /api/contracts/{contractId:long}/renew", "customer", s => V(("contractId", s.Contract)), Body: _ => new JsonObject { ["planId"] = 1001 }),
        new("POST /api/contracts/{contractId:long}/cancel", "customer", s => V(("contractId", s.Contract)), Body: _ => new JsonObject { ["reason"] = "Moving away" }),
        new("POST /api/billing/bills", "service", _ => V(), Body: s => new JsonObject
        {
            ["bills"] = new JsonArray(new JsonObject { ["billNumber"] = "B-1", ["accountNumber"] = s.AccountNumber, ["issueDate"] = "2026-11-01", ["dueDate"] = "2026-11-21", ["amount"] = 120.55m, ["status"] = "unpaid" }),
        }),
        new("POST /api/billing/payments", "service", _ => V(), Body: s => new JsonObject
        {
            ["payments"] = new JsonArray(new JsonObject { ["reference"] = "P-1", ["accountNumber"] = s.AccountNumber, ["paymentDate"] = "2026-11-10", ["amount"] = 50.25m }),
        }),
        new("POST /api/metering/reads", "service", _ => V(), Body: s => new JsonObject
        {
            ["reads"] = new JsonArray(new JsonObject { ["meterNumber"] = s.MeterNumber, ["readDate"] = "2026-11-20", ["cumulativeKwh"] = 1234.5m }),
        }),
        new("POST /api/backoffice/customers/{customerId:long}/status", "csr", s => V(("customerId", s.Customer)), Body: _ => new JsonObject { ["status"] = "prelive", ["reason"] = "Checked" }),
        new("POST /api/backoffice/accounts/{accountId:long}/parties", "csr", s => V(("accountId", s.Account)), Body: s => new JsonObject { ["customerId"] = s.Business, ["role"] = "agent" }),
        new("DELETE /api/backoffice/accounts/{accountId:long}/parties/{customerId:long}/{role}", "csr", s => V(("accountId", s.Account), ("customerId", s.Business), ("role", "agent"))),
        new("POST /api/backoffice/customers/{customerId:long}/invites", "csr", s => V(("customerId", s.Customer))),
        new("POST /api/backoffice/escos", "admin", _ => V(), Body: _ => new JsonObject { ["code"] = "GRID2", ["name"] = "Second Grid" }),
        new("PUT /api/backoffice/premises/{premiseId:long}/esco", "admin", s => V(("premiseId", s.Premise)), Body: s => new JsonObject { ["escoId"] = s.Esco }),
        new("POST /api/backoffice/escos/{escoId:long}/microgrid-tariffs", "admin", s => V(("escoId", s.Esco)), Body: _ => new JsonObject { ["periodStart"] = "2027-01-01", ["defaultDiscountBasisPoints"] = 500 }),
        new("POST /api/backoffice/benchmark-tariffs", "admin", _ => V(), Body: _ => new JsonObject { ["periodStart"] = "2027-02-01", ["unitRate"] = 0.12345m, ["standingCharge"] = 0.5m }),
        new("PUT /api/backoffice/benchmark-tariffs/{periodStart}", "admin", _ => V(("periodStart", "2027-01-01")), Body: _ => new JsonObject { ["periodStart"] = "2027-01-01", ["unitRate"] = 0.2m, ["standingCharge"] = 0.25m }),
        new("PUT /api/backoffice/customers/{customerId:long}/tariffs/{periodStart}", "admin", s => V(("customerId", s.Customer), ("periodStart", "2027-01-01")), Body: _ => new JsonObject { ["discountRateBasisPoints"] = 250 }),
        new("POST /api/backoffice/customers/{customerId:long}/erase", "admin", s => V(("customerId", s.Customer))),
        new("POST /api/admin/outbox/{id:guid}/requeue", "admin", _ => V(("id", Guid.Empty))),
        new("PATCH /customers", "admin", s => V(("id", s.Customer)), "?id=eq.{id}", _ => new JsonObject { ["first_name"] = "Ann", ["last_name"] = "Lee", ["email"] = "ann.lee@example.com", ["phone"] = "(214) 555-0100", ["status"] = "onboarding" }),
        new("PATCH /customers", "admin", s => V(("id", s.Customer)), "?id=eq.{id}", _ => new JsonObject { ["name"] = "Ann Lee" }),
        new("PATCH /customers", "admin", s => V(("id", s.Business)), "?id=eq.{id}", _ => new JsonObject { ["business_name"] = "Acme Two" }),
        new("POST /customers", "admin", _ => V(), "?select=id", _ => new JsonObject
        {
            ["email"] = "new.person@example.com", ["phone"] = "(214) 555-0101", ["first_name"] = "New", ["last_name"] = "Person", ["type"] = "individual", ["status"] = "onboarding",
        }),
        new("DELETE /customers", "admin", s => V(("id", s.Customer)), "?id=eq.{id}"),
        new("PATCH /accounts", "admin", s => V(("id", s.Account)), "?id=eq.{id}", _ => new JsonObject { ["nickname"] = "Home" }),
        new("PATCH /premises", "admin", s => V(("id", s.Premise)), "?id=eq.{id}", _ => new JsonObject { ["nickname"] = "Home" }),
        // What the interface does not write answers 405 in PostgREST's shape, whatever the body holds.
        .. new[] { "POST /accounts", "DELETE /accounts", "POST /premises", "DELETE /premises" }
            .Concat(new[] { "customer_accounts", "customer_tariffs", "escos" }.SelectMany(t => new[] { $"PATCH /{t}", $"POST /{t}", $"DELETE /{t}" }))
            .Select(route => new Sample(route, "admin", s => V(("id", s.Customer)), "?id=eq.{id}", _ => new JsonObject { ["name"] = "x", ["amount"] = 1 })),
    ];

    private static readonly string[] WriteMethods = ["POST", "PUT", "PATCH", "DELETE"];

    /// <summary>Every write endpoint of the app's route table (the portal's pages are the portal test's).</summary>
    private List<string> WriteRoutes() =>
        App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor>() is null)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [])
                .Intersect(WriteMethods).Select(m => $"{m} {Route(e.RoutePattern.RawText)}"))
            .Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>A group's own route ("") is its prefix: /api/enrollment/ → /api/enrollment.</summary>
    private static string Route(string? raw) => raw is null || raw == "/" ? "/" : raw.TrimEnd('/');

    [Fact]
    public void EveryWriteEndpointHasASample()
    {
        var routes = WriteRoutes();
        Assert.True(routes.Count > 40, $"Found only {routes.Count} write endpoints: {string.Join(", ", routes)}");
        var missing = routes.Except(Samples.Select(s => s.Route)).ToList();
        Assert.True(missing.Count == 0, $"Write endpoints without a hostile-input sample (add one to {nameof(Samples)}): {string.Join(", ", missing)}");
        var stale = Samples.Select(s => s.Route).Except(routes).ToList();
        Assert.True(stale.Count == 0, $"Samples of endpoints that no longer exist: {string.Join(", ", stale)}");
    }

    [Fact]
    public async Task EveryDecimalColumnIsOneOfTheNamedRangesTheEdgesCheck()
    {
        DecimalColumn[] named = [DecimalColumn.Money, DecimalColumn.PlanRate, DecimalColumn.TariffRate, DecimalColumn.Kwh];
        var columns = await App.WithDbAsync(db => Task.FromResult(db.Model.GetEntityTypes().SelectMany(e => e.GetProperties())
            .Where(p => (Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType) == typeof(decimal))
            .Select(p => (Name: $"{p.DeclaringType.ShortName()}.{p.Name}", Column: new DecimalColumn(p.GetPrecision() ?? 0, p.GetScale() ?? 0))).ToList()));
        Assert.True(columns.Count >= 10, $"Found only {columns.Count} decimal columns.");
        foreach (var (name, column) in columns)
            Assert.True(named.Contains(column), $"{name} is numeric({column.Precision},{column.Scale}), none of the DecimalColumn ranges the edges check.");
    }

    [Fact]
    public async Task AControlCharacterInAQueryParameterIsA400NamingIt()
    {
        using var service = await ClientAsync("service", null);
        var response = await service.GetAsync("/api/events?type=customer.a%01b");
        var errors = await response.ValidationErrorsAsync();
        Assert.Contains("control character (U+0001)", errors["type"].Single(), StringComparison.Ordinal);

        // The query interface answers PostgreSQL's own error for a NUL in a filter, in PostgREST's shape.
        using var admin = await ClientAsync("admin", null);
        var query = await admin.GetAsync("/customers?first_name=eq.a%00b");
        Assert.Equal(HttpStatusCode.BadRequest, query.StatusCode);
        Assert.Equal("22021", (await query.JsonAsync())["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task EverySampleCarriesEveryFieldOfItsRequestSchema()
    {
        var document = JsonNode.Parse(await Client.GetStringAsync("/openapi/v1.json"))!;
        var seeded = new Seeded(1, 2, 3, 4, 5, "1", "2", 6);
        foreach (var group in Samples.Where(s => s.Body is not null).GroupBy(s => s.Route))
        {
            var (method, route) = (group.Key.Split(' ')[0], Template(group.Key.Split(' ')[1]));
            var schema = document["paths"]?[route]?[method.ToLowerInvariant()]?["requestBody"]?["content"]?["application/json"]?["schema"];
            if (schema is null) continue; // the query interface and the JsonObject premise update read their bodies themselves
            var expected = SchemaFields(document, schema, "", 0).ToHashSet(StringComparer.Ordinal);
            var sent = group.SelectMany(s => Paths(s.Body!(seeded), "")).ToHashSet(StringComparer.Ordinal);
            var missing = expected.Except(sent).Order(StringComparer.Ordinal).ToList();
            Assert.True(missing.Count == 0, $"{group.Key}: the sample leaves out {string.Join(", ", missing)}, so they are never sent hostile values.");
        }
    }

    [Fact]
    public async Task NoWriteEndpointAnswers5xxAndRefusedValuesAreNotStored()
    {
        var seeded = await SeedAsync();
        var baseline = await ResidueAsync();
        var failures = new List<string>();
        var sent = 0;
        foreach (var sample in Samples)
        {
            using var client = await ClientAsync(sample.Role, seeded);
            foreach (var (field, hostile, request) in Spoiled(sample, seeded))
            {
                var before = await RowCountsAsync();
                using var response = await client.SendAsync(request());
                sent++;
                var text = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                var where = $"{sample.Route} {field} = {hostile.Name} → {status}";
                if (status >= 500) failures.Add($"{where}: {Shown(text)}");
                else if (status < 400) failures.Add($"{where}: accepted");
                else
                {
                    var after = await RowCountsAsync();
                    var changed = after.Where(t => before[t.Key] != t.Value).Select(t => $"{t.Key} {before[t.Key]} → {t.Value}").ToList();
                    if (changed.Count > 0) failures.Add($"{where}: refused, but rows were written: {string.Join(", ", changed)}");
                    if (Judged(sample, field, hostile) && !Names(sample, field, text)) failures.Add($"{where}: the answer does not name the field: {Shown(text)}");
                }
            }
            var residue = (await ResidueAsync()).Except(baseline).ToList();
            if (residue.Count > 0) failures.Add($"{sample.Route}: hostile values stored: {string.Join("; ", residue.Take(3))}");
        }
        Assert.True(sent > 500, $"Only {sent} hostile requests were sent.");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} hostile requests failed:\n{string.Join("\n", failures.Take(60))}");
    }

    /// <summary>
    /// Whether the answer must name the field: a value breaking the text rule or out of a number's range, sent where
    /// the endpoint reads the field (not a route segment, which routing may answer with a bare 404 or 405).
    /// </summary>
    private static bool Judged(Sample sample, string field, Hostile hostile) =>
        !field.StartsWith('{') && !IsQueryInterface(sample) && !sample.Route.StartsWith("POST /signout", StringComparison.Ordinal) && hostile.Name != "10k characters";

    private static bool IsQueryInterface(Sample sample) => !sample.Route.Split(' ')[1].StartsWith("/api", StringComparison.Ordinal) && !sample.Route.Contains("/dev/", StringComparison.Ordinal);

    /// <summary>A validation problem lists the field under errors; a body that cannot be read names its JSON path; the query interface answers PostgREST's error.</summary>
    private static bool Names(Sample sample, string field, string answer)
    {
        var json = JsonNode.Parse(answer);
        if (json?["errors"] is JsonObject errors) return errors.ContainsKey(field);
        return json?["detail"]?.GetValue<string>().Contains($"$.{field}", StringComparison.Ordinal) == true;
    }

    /// <summary>The requests that spoil one field (JSON leaf, route parameter or query slot) of a sample with one hostile value each.</summary>
    private static IEnumerable<(string Field, Hostile Hostile, Func<HttpRequestMessage> Request)> Spoiled(Sample sample, Seeded seeded)
    {
        var (method, pattern) = (sample.Route.Split(' ')[0], sample.Route.Split(' ')[1]);
        var values = sample.Values(seeded);
        var url = Template(pattern) + sample.Query;
        var body = sample.Body?.Invoke(seeded);
        string Url(string? slot, string? spoiled) =>
            SlotPattern().Replace(url, m => m.Groups[1].Value == slot ? spoiled! : Uri.EscapeDataString(values[m.Groups[1].Value]));
        HttpRequestMessage Request(string target, string? json)
        {
            var request = new HttpRequestMessage(new HttpMethod(method), target);
            if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            return request;
        }

        foreach (var slot in SlotPattern().Matches(url).Select(m => m.Groups[1].Value).Distinct())
        {
            var isNumber = long.TryParse(values[slot], out _);
            foreach (var hostile in isNumber ? NumberValues.Concat(TextValues) : TextValues.Concat(NumberValues))
                yield return ($"{{{slot}}}", hostile, () => Request(Url(slot, hostile.InUrl), body?.ToJsonString()));
        }
        if (body is null) yield break;
        foreach (var (path, leaf) in Leaves(body, ""))
        {
            var hostiles = leaf.GetValueKind() == System.Text.Json.JsonValueKind.Number ? NumberValues : leaf.GetValueKind() == System.Text.Json.JsonValueKind.String ? TextValues : [];
            foreach (var hostile in hostiles)
            {
                var copy = body.DeepClone();
                Replace(copy, path, JsonValue.Create(Marker));
                var json = copy.ToJsonString().Replace($"\"{Marker}\"", hostile.Json, StringComparison.Ordinal);
                yield return (path, hostile, () => Request(Url(null, null), json));
            }
        }
    }

    private const string Marker = "HOSTILE-VALUE-MARKER";

    /// <summary>/api/accounts/{accountId:long} → /api/accounts/{accountId}, as the OpenAPI document writes it.</summary>
    private static string Template(string pattern) => ConstraintPattern().Replace(pattern, "{$1}");

    private static IEnumerable<(string Path, JsonValue Leaf)> Leaves(JsonNode node, string path) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Value is null ? [] : Leaves(p.Value, path.Length == 0 ? p.Key : $"{path}.{p.Key}")),
        JsonArray a => a.SelectMany((item, i) => item is null ? [] : Leaves(item, $"{path}[{i}]")),
        JsonValue v => [(path, v)],
        _ => [],
    };

    /// <summary>Every member path a body carries, objects included, with array items as [0]: serviceAddress, serviceAddress.zip, bills[0].amount.</summary>
    private static IEnumerable<string> Paths(JsonNode node, string path) => node switch
    {
        JsonObject o => o.SelectMany(p =>
        {
            var child = path.Length == 0 ? p.Key : $"{path}.{p.Key}";
            return p.Value is null ? [child] : Paths(p.Value, child).Prepend(child);
        }),
        JsonArray a => a.Take(1).SelectMany(item => item is null ? [] : Paths(item, $"{path}[0]")),
        _ => [],
    };

    private static IEnumerable<string> SchemaFields(JsonNode document, JsonNode schema, string path, int depth)
    {
        if (depth > 6) yield break;
        if (schema["$ref"]?.GetValue<string>() is { } reference)
            schema = document["components"]!["schemas"]![reference.Split('/')[^1]]!;
        foreach (var option in schema["oneOf"]?.AsArray() ?? schema["anyOf"]?.AsArray() ?? [])
            foreach (var field in SchemaFields(document, option!, path, depth + 1)) yield return field;
        if (schema["items"] is { } items)
            foreach (var field in SchemaFields(document, items, $"{path}[0]", depth + 1)) yield return field;
        foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
        {
            var child = path.Length == 0 ? name : $"{path}.{name}";
            yield return child;
            foreach (var field in SchemaFields(document, property!, child, depth + 1)) yield return field;
        }
    }

    private static void Replace(JsonNode root, string path, JsonNode value)
    {
        var steps = PathStep().Matches(path).Select(m => m.Value).ToList();
        var node = root;
        foreach (var step in steps.SkipLast(1)) node = step.StartsWith('[') ? node[int.Parse(step[1..^1], CultureInfo.InvariantCulture)]! : node[step.TrimStart('.')]!;
        var last = steps[^1];
        if (last.StartsWith('[')) node.AsArray()[int.Parse(last[1..^1], CultureInfo.InvariantCulture)] = value;
        else node.AsObject()[last.TrimStart('.')] = value;
    }

    /// <summary>An individual (with account, premise, contract and meter) and a business enrolled, and an ESCO with a benchmark and a microgrid tariff.</summary>
    protected async Task<Seeded> SeedAsync()
    {
        var individual = await (await Client.EnrollAsync(Requests.Individual())).JsonAsync();
        var business = await (await Client.EnrollAsync(Requests.Business())).JsonAsync();
        Assert.True(individual["success"]?.GetValue<bool>() == true && business["success"]?.GetValue<bool>() == true, $"{individual} {business}");
        var customer = individual["customerId"]!.GetValue<long>();
        var account = individual["accountId"]!.GetValue<long>();
        using var admin = await ClientAsync("admin", null);
        var esco = await (await admin.PostAsJsonAsync("/api/backoffice/escos", new { code = "GRID1", name = "First Grid" })).JsonAsync();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/backoffice/benchmark-tariffs", new { periodStart = "2027-01-01", unitRate = 0.1m, standingCharge = 0.5m })).StatusCode);
        return await App.WithDbAsync(async db => new Seeded(
            customer, business["customerId"]!.GetValue<long>(), account,
            await db.Premises.Where(p => p.AccountId == account).Select(p => p.Id).FirstAsync(),
            await db.Contracts.Where(c => c.CustomerId == customer).Select(c => c.Id).FirstAsync(),
            await db.Accounts.Where(a => a.Id == account).Select(a => a.AccountNumber).SingleAsync(),
            await db.Meters.Where(m => m.Id == Requests.MainStreetMeter).Select(m => m.MeterNumber).SingleAsync(),
            esco["id"]!.GetValue<long>(),
            individual["confirmationNumber"]!.GetValue<string>()));
    }

    /// <summary>A client with a development-identity token for the role (customer: the individual; business: the business), or none.</summary>
    protected async Task<HttpClient> ClientAsync(string? role, Seeded? seeded)
    {
        var client = App.CreateClient();
        if (role is null) return client;
        object request = role switch
        {
            "customer" => new { customerId = seeded!.Customer },
            "business" => new { customerId = seeded!.Business },
            _ => new { role },
        };
        var token = await (await client.PostAsJsonAsync("/dev/identity/token", request)).JsonAsync();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token["accessToken"]!.GetValue<string>());
        // The first request of a new sign-in links it to its customer (a change-log row), which no refusal should be blamed for.
        if (role is "customer" or "business") Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/customer")).StatusCode);
        return client;
    }

    /// <summary>Rows in each table of the model, in one statement: a refused request leaves them unchanged.</summary>
    protected Task<Dictionary<string, long>> RowCountsAsync() => App.WithDbAsync(async db =>
    {
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var sql = "SELECT " + string.Join(", ", tables.Select(t => $"(SELECT COUNT(*) FROM \"{t}\")"));
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return tables.Select((t, i) => (t, Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture))).ToDictionary(x => x.t, x => x.Item2, StringComparer.Ordinal);
        }
        finally
        {
            await connection.CloseAsync();
        }
    });

    /// <summary>
    /// Every stored text or number that looks like one of the hostile values: a control character or unpaired surrogate
    /// (raw, or escaped inside a JSON column), a run of the 10k value, a 1e20. As "table.column: value" lines.
    /// </summary>
    protected Task<HashSet<string>> ResidueAsync() => App.WithDbAsync(async db =>
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            foreach (var entity in db.Model.GetEntityTypes())
            {
                if (entity.GetTableName() is not { } table) continue;
                var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
                foreach (var property in entity.GetProperties().Where(p => Nullable.GetUnderlyingType(p.ClrType) is { } u ? u == typeof(decimal) : p.ClrType == typeof(string) || p.ClrType == typeof(decimal)))
                {
                    if (property.GetColumnName(store) is not { } column) continue;
                    await using var command = connection.CreateCommand();
                    command.CommandText = $"SELECT \"{column}\" FROM \"{table}\" WHERE \"{column}\" IS NOT NULL";
                    await using var reader = await command.ExecuteReaderAsync();
                    while (await reader.ReadAsync())
                    {
                        var value = Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture) ?? "";
                        if (LooksHostile(value)) found.Add($"{table}.{column}: {Shown(value)}");
                    }
                }
            }
        }
        finally
        {
            await connection.CloseAsync();
        }
        return found;
    });

    private static bool LooksHostile(string value) =>
        value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')) || value.Contains("a\nb", StringComparison.Ordinal) || value.Contains("a\\nb", StringComparison.Ordinal)
        || HasUnpairedSurrogate(value) || value.Contains(new string('W', 20), StringComparison.Ordinal) || EscapedHostile().IsMatch(value)
        || value.Contains("100000000000000000000", StringComparison.Ordinal) || value.Contains("E+20", StringComparison.OrdinalIgnoreCase);

    private static bool HasUnpairedSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) i++;
            else if (char.IsSurrogate(value[i])) return true;
        }
        return false;
    }

    private static string Shown(string text)
    {
        var visible = string.Concat(text.Take(200).Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString()));
        return text.Length > 200 ? visible + $"… ({text.Length} characters)" : visible;
    }

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex SlotPattern();

    [GeneratedRegex(@"\{([A-Za-z]+)(?::[a-z]+)?\}")]
    private static partial Regex ConstraintPattern();

    [GeneratedRegex(@"\[\d+\]|\.?[^.\[]+")]
    private static partial Regex PathStep();

    [GeneratedRegex(@"\\u00(0[0-8bcefBCEF]|1[0-9a-fA-F]|7[fF]|8[0-9a-fA-F]|9[0-9a-fA-F])|\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])")]
    private static partial Regex EscapedHostile();
}

[Collection(DevelopmentIdentityCollection.Name)]
public sealed class HostileInputOnSqlite(DevelopmentIdentityApp app) : HostileInputTests(app);

[Collection(DevelopmentIdentityPostgresCollection.Name)]
public sealed class HostileInputOnPostgres(DevelopmentIdentityPostgresApp app) : HostileInputTests(app);
