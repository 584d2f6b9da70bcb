using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CustomerService.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Tests.BackOffice;

/// <summary>The PostgREST-compatible query interface, through HTTP with real tokens, on both providers. Its grammar alone: QueryParserTests.</summary>
public abstract class QueryInterfaceTests(CustomerServiceApp app) : ProviderTests(app)
{
    private const string John = "john.smith@example.com";
    private const string Acme = "accounts@acme.com";
    private const string Ann = "ann.lee@example.com";
    private const string Bob = "o'neil@example.org";
    private const string Carol = "carol_100%@example.com";
    private static readonly string[] Everyone = [Acme, Ann, Carol, John, Bob];

    private HttpClient Admin => App.CreateClient(() => App.Issuer.Token("admin-1", ["admin"]));
    private HttpClient Csr => App.CreateClient(() => App.Issuer.Token("csr-1", ["csr"]));

    /// <summary>
    /// Five customers created a minute apart: John (enrolled, live), Acme (enrolled business, prelive), Ann (live),
    /// Bob (onboarding) and Carol (inactive), the last three created through POST /customers. Returns ids by email.
    /// </summary>
    private async Task<Dictionary<string, long>> SeedAsync()
    {
        var ids = new Dictionary<string, long>();
        App.Clock.Set(TestClock.Default);
        ids[John] = (await (await Client.EnrollAsync(Requests.Individual())).JsonAsync())["customerId"]!.GetValue<long>();
        App.Clock.Set(TestClock.Default.AddMinutes(1));
        ids[Acme] = (await (await Client.EnrollAsync(Requests.Business())).JsonAsync())["customerId"]!.GetValue<long>();
        var minute = 2;
        foreach (var (email, name, phone) in new[] { (Ann, "Ann Lee", "555-000-0001"), (Bob, "Bob O'Neil", "555-000-0002"), (Carol, "Carol Diaz", "555-000-0003") })
        {
            App.Clock.Set(TestClock.Default.AddMinutes(minute++));
            var created = await SendAsync(Admin, HttpMethod.Post, "/customers", new { email, name, phone }, ("Prefer", "return=representation"));
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            ids[email] = (await ArrayAsync(created))[0]!["id"]!.GetValue<long>();
        }
        App.Clock.Reset();
        await SetStatusAsync(John, "live");
        await SetStatusAsync(Ann, "live");
        await SetStatusAsync(Carol, "inactive");
        return ids;
    }

    private Task<int> SetStatusAsync(string email, string status) =>
        App.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE customers SET status = {status} WHERE email = {email}"));

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, object? body = null, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = body is string raw ? new StringContent(raw, Encoding.UTF8, "application/json") : JsonContent.Create(body);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return await client.SendAsync(request);
    }

    private static async Task<JsonArray> ArrayAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsArray();
    }

    /// <summary>Asserts PostgREST's error body: exactly code, message, details, hint, as JSON; returns it.</summary>
    private static async Task<JsonObject> PgrstErrorAsync(HttpResponseMessage response, int status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status} {code}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(["code", "details", "hint", "message"], body.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(code, body["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(body["message"]!.GetValue<string>()));
        return body;
    }

    private static List<string> Emails(JsonArray rows) => rows.Select(r => r!["email"]!.GetValue<string>()).ToList();

    private Task<List<(string Email, string Name, string Status)>> CustomersInDbAsync() => App.WithDbAsync(db =>
        db.Customers.OrderBy(c => c.Email).Select(c => new ValueTuple<string, string, string>(c.Email, c.Name, c.Status)).ToListAsync());

    [Fact]
    public async Task TheRequestsOfCustomerManagementWorkAsWritten()
    {
        var ids = await SeedAsync();
        var staff = Csr;

        var live = await ArrayAsync(await staff.GetAsync("/customers?status=eq.live"));
        Assert.Equal([Ann, John], Emails(live).Order(StringComparer.Ordinal));
        Assert.All(live, r => Assert.Equal("live", r!["status"]!.GetValue<string>()));
        foreach (var column in new[] { "id", "email", "name", "phone", "status", "created_at", "updated_at", "type" })
            Assert.True(live[0]!.AsObject().ContainsKey(column), column);
        foreach (var hidden in new[] { "tax_id_protected", "subject", "last_event_sequence" })
            Assert.False(live[0]!.AsObject().ContainsKey(hidden), hidden);

        var pattern = await ArrayAsync(await staff.GetAsync("/customers?email=like.*@example.com"));
        Assert.Equal([Ann, Carol, John], Emails(pattern).Order(StringComparer.Ordinal));

        var selected = await ArrayAsync(await staff.GetAsync("/customers?select=id,email,name"));
        Assert.Equal(5, selected.Count);
        Assert.All(selected, r => Assert.Equal(["id", "email", "name"], r!.AsObject().Select(p => p.Key)));
        Assert.Contains(selected, r => r!["id"]!.GetValue<long>() == ids[John] && r["name"]!.GetValue<string>() == "John Smith");

        var ordered = await ArrayAsync(await staff.GetAsync("/customers?order=created_at.desc"));
        Assert.Equal([Carol, Bob, Ann, Acme, John], Emails(ordered));

        var patched = await SendAsync(Admin, HttpMethod.Patch, $"/customers?id=eq.{ids[Acme]}", new { status = "live" });
        Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
        Assert.Equal("live", (await App.WithDbAsync(db => db.Customers.SingleAsync(c => c.Id == ids[Acme]))).Status);

        var accounts = await ArrayAsync(await staff.GetAsync($"/customer_accounts?customer=eq.{ids[John]}&select=*,account(*)"));
        var link = Assert.Single(accounts)!.AsObject();
        Assert.Equal(ids[John], link["customer"]!.GetValue<long>());
        Assert.Equal("occupier", link["role"]!.GetValue<string>());
        var account = link["account"]!.AsObject();
        Assert.Equal(link["account"]!["id"]!.GetValue<long>(), account["id"]!.GetValue<long>());
        Assert.Equal(10, account["account_number"]!.GetValue<string>().Length);
        Assert.Equal("residential", account["type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("status=eq.live", new[] { Ann, John })]
    [InlineData("status=neq.live", new[] { Acme, Carol, Bob })]
    [InlineData("status=not.eq.live", new[] { Acme, Carol, Bob })]
    [InlineData("id=gt.0", new[] { Acme, Ann, Carol, John, Bob })]
    [InlineData("id=gte.0&id=lt.0", new string[0])]
    [InlineData("id=lte.0", new string[0])]
    [InlineData("email=like.*@example.com", new[] { Ann, Carol, John })]
    [InlineData("email=like.*@EXAMPLE.COM", new string[0])]
    [InlineData("email=ilike.*@EXAMPLE.COM", new[] { Ann, Carol, John })]
    [InlineData("email=like.carol_100%25*", new[] { Carol })]
    [InlineData("email=like.c_rol*", new string[0])]
    [InlineData("email=like.*%25*", new[] { Carol })]
    [InlineData("email=ilike.JOHN*", new[] { John })]
    [InlineData("email=not.like.*@example.com", new[] { Acme, Bob })]
    [InlineData("status=in.(live,inactive)", new[] { Ann, Carol, John })]
    [InlineData("status=in.(\"live\",\"prelive\")", new[] { Acme, Ann, John })]
    [InlineData("email=in.(\"o'neil@example.org\",\"a,b\",\"(c)\")", new[] { Bob })]
    [InlineData("status=not.in.(live,inactive)", new[] { Acme, Bob })]
    [InlineData("status=in.()", new string[0])]
    [InlineData("business_name=is.null", new[] { Ann, Carol, John, Bob })]
    [InlineData("business_name=not.is.null", new[] { Acme })]
    [InlineData("type=eq.business", new[] { Acme })]
    [InlineData("status=eq.live&email=like.ann*", new[] { Ann })]
    [InlineData("or=(status.eq.onboarding,status.eq.inactive)", new[] { Carol, Bob })]
    [InlineData("or=(email.eq.ann.lee@example.com,and(status.eq.live,type.eq.individual))", new[] { Ann, John })]
    [InlineData("not.or=(status.eq.live,status.eq.prelive)", new[] { Carol, Bob })]
    [InlineData("and=(status.eq.live,or(email.like.ann*,email.like.john*))", new[] { Ann, John })]
    [InlineData("or=(email.eq.\"o'neil@example.org\",status.eq.prelive)", new[] { Acme, Bob })]
    [InlineData("or=(status.in.(live,prelive),not.and(id.gt.0,type.eq.individual))", new[] { Acme, Ann, John })]
    [InlineData("or=(and(or(and(status.eq.live,email.like.john*))))", new[] { John })]
    [InlineData("created_at=gte.2026-11-21T18:02:00Z", new[] { Ann, Carol, Bob })]
    [InlineData("created_at=lt.2026-11-21T12:01:00-06:00", new[] { John })]
    [InlineData("email=eq.'; DROP TABLE customers; --", new string[0])]
    [InlineData("name=eq.x' OR '1'='1", new string[0])]
    [InlineData("email=like.*/**", new string[0])]
    [InlineData("name=eq.Bob O'Neil", new[] { Bob })]
    public async Task FiltersSelectTheRowsPostgrestWould(string query, string[] expected)
    {
        await SeedAsync();
        var rows = await ArrayAsync(await Csr.GetAsync("/customers?select=email&" + query));
        Assert.Equal(expected.Order(StringComparer.Ordinal), Emails(rows).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("order=email.desc", new[] { Bob, John, Carol, Ann, Acme })]
    [InlineData("order=email", new[] { Acme, Ann, Carol, John, Bob })]
    [InlineData("order=business_name.asc,email.asc", new[] { Acme, Ann, Carol, John, Bob })]
    [InlineData("order=business_name.asc.nullsfirst,email.desc", new[] { Bob, John, Carol, Ann, Acme })]
    [InlineData("order=business_name.desc,email.asc", new[] { Ann, Carol, John, Bob, Acme })]
    [InlineData("order=business_name.desc.nullslast,email.asc", new[] { Acme, Ann, Carol, John, Bob })]
    [InlineData("order=status.asc,created_at.desc", new[] { Carol, Ann, John, Bob, Acme })]
    [InlineData("order=email&limit=2", new[] { Acme, Ann })]
    [InlineData("order=email&limit=2&offset=1", new[] { Ann, Carol })]
    [InlineData("order=email&offset=4", new[] { Bob })]
    [InlineData("order=email&limit=0", new string[0])]
    public async Task OrderLimitAndOffsetSliceAsPostgrestDoes(string query, string[] expected)
    {
        await SeedAsync();
        Assert.Equal(expected, Emails(await ArrayAsync(await Csr.GetAsync("/customers?select=email&" + query))));
    }

    [Fact]
    public async Task SelectTakesAliasesAndEmbedsRelatedResourcesBothWays()
    {
        var ids = await SeedAsync();
        var aliased = await ArrayAsync(await Csr.GetAsync($"/customers?select=mail:email,customerId:id&id=eq.{ids[John]}"));
        Assert.Equal(["mail", "customerId"], Assert.Single(aliased)!.AsObject().Select(p => p.Key));
        Assert.Equal(John, aliased[0]!["mail"]!.GetValue<string>());

        var nested = Assert.Single(await ArrayAsync(await Csr.GetAsync($"/customers?select=id,links:customer_accounts(role,account(account_number,premises(zip,is_primary)))&id=eq.{ids[John]}")))!;
        var link = Assert.Single(nested["links"]!.AsArray())!;
        Assert.Equal("occupier", link["role"]!.GetValue<string>());
        var premise = Assert.Single(link["account"]!["premises"]!.AsArray())!;
        Assert.Equal("75001", premise["zip"]!.GetValue<string>());
        Assert.True(premise["is_primary"]!.GetValue<bool>());

        var withoutAccounts = Assert.Single(await ArrayAsync(await Csr.GetAsync($"/customers?select=id,customer_accounts(*),accounts(id)&id=eq.{ids[Ann]}")))!;
        Assert.Empty(withoutAccounts["customer_accounts"]!.AsArray());
        Assert.Empty(withoutAccounts["accounts"]!.AsArray());

        var accounts = await ArrayAsync(await Csr.GetAsync("/accounts?select=account_number,customers(email),premises(city)&order=id"));
        Assert.Equal([[John], [Acme]], accounts.Select(a => a!["customers"]!.AsArray().Select(c => c!["email"]!.GetValue<string>()).ToArray()));
        Assert.Equal("Dallas", accounts[1]!["premises"]!.AsArray()[0]!["city"]!.GetValue<string>());

        var premises = await ArrayAsync(await Csr.GetAsync("/premises?select=zip,account:account_id(account_number,customer_accounts(customer(email)))&zip=eq.75001"));
        Assert.Equal(John, premises[0]!["account"]!["customer_accounts"]![0]!["customer"]!["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task RangeHeadersAndExactCountsAnswerWithContentRange()
    {
        await SeedAsync();
        var staff = Csr;

        var plain = await staff.GetAsync("/customers?select=id");
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal("0-4/*", plain.Content.Headers.GetValues("Content-Range").Single());

        var counted = await SendAsync(staff, HttpMethod.Get, "/customers?select=id", null, ("Prefer", "count=exact"));
        Assert.Equal(HttpStatusCode.OK, counted.StatusCode);
        Assert.Equal("0-4/5", counted.Content.Headers.GetValues("Content-Range").Single());

        var partial = await SendAsync(staff, HttpMethod.Get, "/customers?select=email&order=email", null, ("Range", "0-1"), ("Prefer", "count=exact"));
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal("0-1/5", partial.Content.Headers.GetValues("Content-Range").Single());
        Assert.Equal([Acme, Ann], Emails(await ArrayAsync(partial)));

        var uncounted = await SendAsync(staff, HttpMethod.Get, "/customers?select=email&order=email", null, ("Range", "1-2"));
        Assert.Equal(HttpStatusCode.OK, uncounted.StatusCode);
        Assert.Equal("1-2/*", uncounted.Content.Headers.GetValues("Content-Range").Single());
        Assert.Equal([Ann, Carol], Emails(await ArrayAsync(uncounted)));

        var open = await SendAsync(staff, HttpMethod.Get, "/customers?select=email&order=email&limit=10", null, ("Range", "3-"), ("Prefer", "count=exact"));
        Assert.Equal("3-4/5", open.Content.Headers.GetValues("Content-Range").Single());
        Assert.Equal(HttpStatusCode.PartialContent, open.StatusCode);

        var none = await SendAsync(staff, HttpMethod.Get, "/customers?status=eq.closed", null, ("Prefer", "count=exact"));
        Assert.Equal("*/0", none.Content.Headers.GetValues("Content-Range").Single());
        Assert.Empty(await ArrayAsync(none));

        var beyond = await SendAsync(staff, HttpMethod.Get, "/customers?offset=9", null, ("Prefer", "count=exact"));
        await PgrstErrorAsync(beyond, 416, "PGRST103");
        await PgrstErrorAsync(await SendAsync(staff, HttpMethod.Get, "/customers", null, ("Range", "5-2")), 416, "PGRST103");

        foreach (var garbage in new[] { "bytes=abc", "-5", "99999999999999999999999-", "0-9,20-30", "'; DROP TABLE customers; --", "items=x-y" })
        {
            var response = await SendAsync(staff, HttpMethod.Get, "/customers?select=id", null, ("Range", garbage));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"Range {garbage}: {(int)response.StatusCode}");
            Assert.Equal(5, (await ArrayAsync(response)).Count);
        }
    }

    [Fact]
    public async Task TheSingularMediaTypeAnswersOneObjectOr406()
    {
        var ids = await SeedAsync();
        var one = await SendAsync(Csr, HttpMethod.Get, $"/customers?id=eq.{ids[Ann]}&select=id,email", null, ("Accept", "application/vnd.pgrst.object+json"));
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal("application/vnd.pgrst.object+json", one.Content.Headers.ContentType!.MediaType);
        var body = JsonNode.Parse(await one.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(Ann, body["email"]!.GetValue<string>());

        var many = await SendAsync(Csr, HttpMethod.Get, "/customers?status=eq.live", null, ("Accept", "application/vnd.pgrst.object+json"));
        Assert.Equal("The result contains 2 rows", (await PgrstErrorAsync(many, 406, "PGRST116"))["details"]!.GetValue<string>());
        var zero = await SendAsync(Csr, HttpMethod.Get, "/customers?id=eq.0", null, ("Accept", "application/vnd.pgrst.object+json"));
        Assert.Equal("The result contains 0 rows", (await PgrstErrorAsync(zero, 406, "PGRST116"))["details"]!.GetValue<string>());

        var patchMany = await SendAsync(Admin, HttpMethod.Patch, "/customers?status=eq.live", new { phone = "555-999-0000" }, ("Accept", "application/vnd.pgrst.object+json"));
        await PgrstErrorAsync(patchMany, 406, "PGRST116");
        Assert.DoesNotContain(await CustomersInDbAsync(), c => c.Email == Ann && c.Status != "live");
        Assert.Equal(0, await App.WithDbAsync(db => db.Customers.CountAsync(c => c.Phone == "(555) 999-0000")));
    }

    [Theory]
    [InlineData("select=*,pg_sleep(id)", 400, "PGRST200")]
    [InlineData("select=id,nope", 400, "42703")]
    [InlineData("select=id,tax_id_protected", 400, "42703")]
    [InlineData("select=id,subject", 400, "42703")]
    [InlineData("select=id,nope(*)", 400, "PGRST200")]
    [InlineData("select=email::text", 400, "PGRST100")]
    [InlineData("nope=eq.1", 400, "42703")]
    [InlineData("tax_id_protected=is.null", 400, "42703")]
    [InlineData("last_event_sequence=gt.0", 400, "42703")]
    [InlineData("order=nope.desc", 400, "42703")]
    [InlineData("id=eq.abc", 400, "22P02")]
    [InlineData("id=eq.1;DROP TABLE customers", 400, "22P02")]
    [InlineData("id=eq.1 OR 1=1", 400, "22P02")]
    [InlineData("id=in.(1,2,\"3,4\")", 400, "22P02")]
    [InlineData("created_at=gt.notadate", 400, "22007")]
    [InlineData("created_at=gt.1' OR '1'='1", 400, "22007")]
    [InlineData("status=fts.live", 400, "PGRST100")]
    [InlineData("or=()", 400, "PGRST100")]
    [InlineData("or=(nope.eq.1)", 400, "42703")]
    [InlineData("email=is.true", 400, "42804")]
    [InlineData("email=eq.a%00b", 400, "22021")]
    [InlineData("email=like.a%00*", 400, "22021")]
    [InlineData("select=a1:id,a2:id,a3:id,a4:id,a5:id,a6:id,a7:id,a8:id,a9:id,a10:id,a11:id,a12:id,a13:id,a14:id,a15:id,a16:id,a17:id,a18:id,a19:id,a20:id,a21:id,a22:id,a23:id,a24:id,a25:id,a26:id,a27:id,a28:id,a29:id,a30:id,a31:id,a32:id,a33:id,a34:id,a35:id,a36:id,a37:id,a38:id,a39:id,a40:id,a41:id,a42:id,a43:id,a44:id,a45:id,a46:id,a47:id,a48:id,a49:id,a50:id,a51:id", 400, "PGRST100")]
    public async Task BadRequestsAnswerPostgrestErrorsAndNever500(string query, int status, string code)
    {
        await SeedAsync();
        await PgrstErrorAsync(await Csr.GetAsync("/customers?" + query), status, code);
        Assert.Equal(Everyone.Order(StringComparer.Ordinal), (await CustomersInDbAsync()).Select(c => c.Email));
    }

    /// <summary>Deep nesting and long input are the parser's to refuse (QueryParserTests); the size of an in list is the SQL builder's.</summary>
    [Fact]
    public async Task AnInListOfMoreThanAThousandValuesIsRefusedAsAParseError()
    {
        await SeedAsync();
        var staff = Csr;
        var thousand = string.Join(',', Enumerable.Range(1, 1000));
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/customers?id=in.({thousand})")).StatusCode);
        var tooMany = await PgrstErrorAsync(await staff.GetAsync($"/customers?id=in.({thousand},1001)"), 400, "PGRST100");
        Assert.Contains("1000", tooMany["details"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(5, (await CustomersInDbAsync()).Count);
    }

    [Fact]
    public async Task HostileWritesChangeNothing()
    {
        var ids = await SeedAsync();
        var before = await CustomersInDbAsync();
        var admin = Admin;

        await PgrstErrorAsync(await SendAsync(admin, HttpMethod.Patch, "/customers", new { name = "Hacked Person" }), 400, "21000");
        await PgrstErrorAsync(await SendAsync(admin, HttpMethod.Delete, "/customers"), 400, "21000");
        await PgrstErrorAsync(await SendAsync(admin, HttpMethod.Patch, "/customers?select=id", new { name = "Hacked Person" }), 400, "21000");
        await PgrstErrorAsync(await SendAsync(admin, HttpMethod.Patch, "/customers?id=eq.1 OR 1=1", new { name = "Hacked Person" }), 400, "22P02");
        await PgrstErrorAsync(await SendAsync(admin, HttpMethod.Delete, "/customers?id=eq.1;DELETE FROM customers"), 400, "22P02");
        await PgrstErrorAsync(await SendAsync(admin, HttpMethod.Patch, "/customers?or=(id.gt.0", new { name = "Hacked Person" }), 400, "PGRST100");
        await PgrstErrorAsync(await SendAsync(admin, HttpMethod.Patch, "/customers?nope=eq.1", new { name = "Hacked Person" }), 400, "42703");
        await PgrstErrorAsync(await SendAsync(admin, HttpMethod.Patch, $"/customers?id=eq.{ids[Ann]}", new Dictionary<string, object> { ["name = 'x'; --"] = "y" }), 400, "PGRST204");
        await PgrstErrorAsync(await SendAsync(admin, HttpMethod.Patch, $"/customers?id=eq.{ids[Ann]}", new { tax_id_protected = "x" }), 400, "PGRST204");
        await PgrstErrorAsync(await SendAsync(admin, HttpMethod.Patch, $"/customers?id=eq.{ids[Ann]}", new { subject = "someone-else" }), 400, "PGRST204");
        await PgrstErrorAsync(await SendAsync(admin, HttpMethod.Patch, $"/customers?id=eq.{ids[Ann]}", new { id = 1 }), 403, "42501");
        await PgrstErrorAsync(await SendAsync(admin, HttpMethod.Patch, $"/customers?id=eq.{ids[Ann]}", "{\"name\": "), 400, "PGRST102");
        await PgrstErrorAsync(await SendAsync(admin, HttpMethod.Patch, $"/customers?id=eq.{ids[Ann]}", "[1,2]"), 400, "PGRST102");
        await PgrstErrorAsync(await SendAsync(admin, HttpMethod.Patch, $"/customers?id=eq.{ids[Ann]}", new { email = "not an email'; --" }), 400, "23514");
        await PgrstErrorAsync(await SendAsync(admin, HttpMethod.Delete, "/customer_accounts?customer=gt.0"), 405, "PGRST117");
        await PgrstErrorAsync(await SendAsync(admin, HttpMethod.Post, "/customer_accounts", new { customer = ids[Ann], account = 1, role = "occupier" }), 405, "PGRST117");

        var quoted = await SendAsync(admin, HttpMethod.Patch, "/customers?email=eq.x' OR '1'='1", new { name = "Hacked Person" });
        Assert.Equal(HttpStatusCode.NoContent, quoted.StatusCode);
        var deleted = await SendAsync(admin, HttpMethod.Delete, "/customers?name=eq.' OR 1=1 --");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        Assert.Equal(before, await CustomersInDbAsync());
    }

    [Fact]
    public async Task PatchKeepsEmailsNormalizedLogsChangesAndFollowsTheLifecycle()
    {
        var ids = await SeedAsync();
        var admin = Admin;

        var updated = await SendAsync(admin, HttpMethod.Patch, $"/customers?id=eq.{ids[Ann]}", new { email = "  Ann.Lee@NEW-Example.COM ", phone = "555.123.9999" },
            ("Prefer", "return=representation"));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var row = Assert.Single(await ArrayAsync(updated))!;
        Assert.Equal("ann.lee@new-example.com", row["email"]!.GetValue<string>());
        Assert.Equal("(555) 123-9999", row["phone"]!.GetValue<string>());
        var change = await App.WithDbAsync(db => db.CustomerChanges.SingleAsync(c => c.CustomerId == ids[Ann] && c.Change == "profile"));
        Assert.Equal("staff:admin-1", change.Actor);
        Assert.Contains("ann.lee@new-example.com", change.NewValues!, StringComparison.Ordinal);
        Assert.Equal(1, await App.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.Subject == ids[Ann].ToString() && e.Type.EndsWith("CustomerUpdated"))));

        var duplicate = await SendAsync(admin, HttpMethod.Patch, $"/customers?id=eq.{ids[Bob]}", new { email = "JOHN.SMITH@example.com" });
        await PgrstErrorAsync(duplicate, 409, "23505");

        var refused = await PgrstErrorAsync(await SendAsync(admin, HttpMethod.Patch, $"/customers?id=eq.{ids[Bob]}", new { status = "live" }), 409, "PT409");
        Assert.Contains("prelive", refused["details"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("onboarding", (await App.WithDbAsync(db => db.Customers.SingleAsync(c => c.Id == ids[Bob]))).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(admin, HttpMethod.Patch, $"/customers?id=eq.{ids[Bob]}", new { status = "prelive" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(admin, HttpMethod.Patch, $"/customers?id=eq.{ids[Bob]}", new { status = "live" })).StatusCode);
        Assert.Equal(2, await App.WithDbAsync(db => db.CustomerChanges.CountAsync(c => c.CustomerId == ids[Bob] && c.Change == "status")));
        Assert.Equal(2, await App.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.Subject == ids[Bob].ToString() && e.Type.EndsWith("CustomerStatusChanged"))));

        // One refused move in a multi-row PATCH changes none of them.
        await PgrstErrorAsync(await SendAsync(admin, HttpMethod.Patch, "/customers?status=in.(live,inactive)", new { status = "closed" }), 409, "PT409");
        Assert.Equal(3, await App.WithDbAsync(db => db.Customers.CountAsync(c => c.Status == "live")));
        Assert.Equal("inactive", (await App.WithDbAsync(db => db.Customers.SingleAsync(c => c.Id == ids[Carol]))).Status);

        var renamed = await SendAsync(admin, HttpMethod.Patch, $"/customers?id=eq.{ids[Acme]}", new { name = "Acme Holdings LLC" }, ("Prefer", "return=representation"));
        Assert.Equal("Acme Holdings LLC", (await ArrayAsync(renamed))[0]!["business_name"]!.GetValue<string>());
        var nickname = await SendAsync(admin, HttpMethod.Patch, $"/accounts?id=in.({string.Join(',', await App.WithDbAsync(db => db.Accounts.Select(a => a.Id).ToListAsync()))})",
            new { nickname = "Main" });
        Assert.Equal(HttpStatusCode.NoContent, nickname.StatusCode);
        Assert.All(await App.WithDbAsync(db => db.Accounts.ToListAsync()), a => Assert.Equal("Main", a.Nickname));
        await PgrstErrorAsync(await SendAsync(admin, HttpMethod.Patch, "/accounts?id=gt.0", new { status = "closed" }), 403, "42501");
    }

    [Fact]
    public async Task PostCreatesOnboardingCustomersAndDeleteRefusesAccountHolders()
    {
        var ids = await SeedAsync();
        var admin = Admin;
        var created = await SendAsync(admin, HttpMethod.Post, "/customers", new { email = "Customer@Example.com", name = "John Doe", phone = "(555) 444-1234", status = "onboarding" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var customer = await App.WithDbAsync(db => db.Customers.SingleAsync(c => c.Email == "customer@example.com"));
        Assert.Equal(("John", "Doe", "onboarding", "individual"), (customer.FirstName, customer.LastName, customer.Status, customer.Type));
        Assert.Equal(1, await App.WithDbAsync(db => db.CustomerChanges.CountAsync(c => c.CustomerId == customer.Id && c.Change == "created")));
        Assert.Equal(1, await App.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.Subject == customer.Id.ToString() && e.Type.EndsWith("CustomerCreated"))));

        var duplicate = await PgrstErrorAsync(await SendAsync(admin, HttpMethod.Post, "/customers", new { email = "CUSTOMER@example.com", name = "Jane Doe", phone = "(555) 444-1235" }), 409, "23505");
        Assert.Contains("ux_customers_email", duplicate["message"]!.GetValue<string>(), StringComparison.Ordinal);
        await PgrstErrorAsync(await SendAsync(admin, HttpMethod.Post, "/customers", new { email = "x@example.com", name = "X Y", phone = "(555) 444-1235", status = "live" }), 400, "23514");
        await PgrstErrorAsync(await SendAsync(admin, HttpMethod.Post, "/customers", new { name = "X Y", phone = "(555) 444-1235" }), 400, "23502");
        await PgrstErrorAsync(await SendAsync(admin, HttpMethod.Post, "/customers", new { email = "x@example.com", name = "X Y", phone = "(555) 444-1235", tax_id_protected = "1" }), 400, "PGRST204");
        await PgrstErrorAsync(await SendAsync(admin, HttpMethod.Post, "/customers", new { email = "x@example.com", name = "X Y", phone = "(555) 444-1235", created_at = "2020-01-01" }), 403, "42501");

        var holder = await PgrstErrorAsync(await SendAsync(admin, HttpMethod.Delete, $"/customers?id=eq.{ids[John]}"), 409, "23503");
        Assert.Contains("accounts", holder["hint"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(await App.WithDbAsync(db => db.Customers.AnyAsync(c => c.Id == ids[John])));

        var gone = await SendAsync(admin, HttpMethod.Delete, $"/customers?id=eq.{customer.Id}", null, ("Prefer", "return=representation"));
        Assert.Equal("customer@example.com", Assert.Single(await ArrayAsync(gone))!["email"]!.GetValue<string>());
        Assert.False(await App.WithDbAsync(db => db.Customers.AnyAsync(c => c.Id == customer.Id)));
    }

    [Fact]
    public async Task ReadsNeedStaffWritesNeedAdminAndEveryReadIsInTheAccessLog()
    {
        var ids = await SeedAsync();
        var anonymous = await Client.GetAsync("/customers");
        await PgrstErrorAsync(anonymous, 401, "PGRST302");
        Assert.NotEmpty(anonymous.Headers.WwwAuthenticate);
        var forged = await App.CreateClient("not-a-token").GetAsync("/customers");
        await PgrstErrorAsync(forged, 401, "PGRST301");
        Assert.NotEmpty(forged.Headers.WwwAuthenticate);
        var anonymousWrite = await SendAsync(Client, HttpMethod.Delete, $"/customers?id=eq.{ids[Ann]}");
        Assert.Contains("role admin", (await PgrstErrorAsync(anonymousWrite, 401, "PGRST302"))["hint"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEmpty(anonymousWrite.Headers.WwwAuthenticate);
        var customer = App.CreateClient(() => App.Issuer.Token("kc-john", ["customer"], John));
        await PgrstErrorAsync(await customer.GetAsync("/customers"), 403, "42501");
        await PgrstErrorAsync(await SendAsync(customer, HttpMethod.Patch, $"/customers?id=eq.{ids[John]}", new { name = "Jo Smith" }), 403, "42501");

        var csr = Csr;
        Assert.Equal(HttpStatusCode.OK, (await csr.GetAsync("/customer_accounts")).StatusCode);
        await PgrstErrorAsync(await SendAsync(csr, HttpMethod.Patch, $"/customers?id=eq.{ids[John]}", new { name = "Jo Smith" }), 403, "42501");
        await PgrstErrorAsync(await SendAsync(csr, HttpMethod.Post, "/customers", new { email = "x@example.com", name = "X Y", phone = "5554441235" }), 403, "42501");
        await PgrstErrorAsync(await SendAsync(csr, HttpMethod.Delete, $"/customers?id=eq.{ids[Ann]}"), 403, "42501");
        Assert.Equal("John Smith", (await App.WithDbAsync(db => db.Customers.SingleAsync(c => c.Id == ids[John]))).Name);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(Admin, HttpMethod.Patch, $"/customers?id=eq.{ids[John]}", new { name = "Jo Smith" })).StatusCode);

        await App.WithDbAsync(db => db.AccessLog.ExecuteDeleteAsync());
        Assert.Equal(HttpStatusCode.OK, (await csr.GetAsync("/customers?status=eq.live&select=id")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await csr.GetAsync("/premises?zip=eq.75201")).StatusCode);
        var log = await App.WithDbAsync(db => db.AccessLog.OrderBy(e => e.CustomerId).ToListAsync());
        Assert.Equal(new[] { ids[John], ids[Acme], ids[Ann] }.Order(), log.Select(e => e.CustomerId).Order());
        Assert.All(log, e => Assert.Equal(("csr-1", "GET"), (e.ActorSubject, e.Method)));
        Assert.Contains(log, e => e.Resource == "/customers (status, select)");
        Assert.DoesNotContain(log, e => e.Resource.Contains("live", StringComparison.Ordinal));

        // The interface's explicit routes leave the rest of the service where it was.
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.GetAsync("/api/customer")).StatusCode);
    }

    [Fact]
    public async Task MethodsAResourceDoesNotAnswerAre405WithTheAllowedOnes()
    {
        var put = await SendAsync(Admin, HttpMethod.Put, "/customers?id=eq.1", new { name = "Put Person" });
        Assert.Equal("Unsupported HTTP method: PUT", (await PgrstErrorAsync(put, 405, "PGRST117"))["message"]!.GetValue<string>());
        Assert.Equal(["GET", "PATCH", "POST", "DELETE"], put.Content.Headers.Allow);

        // Whatever the method and whoever asks: the method is refused before the token is looked at, as PostgREST does.
        var purge = await SendAsync(Client, new HttpMethod("PURGE"), "/escos");
        Assert.Equal("Unsupported HTTP method: PURGE", (await PgrstErrorAsync(purge, 405, "PGRST117"))["message"]!.GetValue<string>());
        Assert.Equal(["GET"], purge.Content.Headers.Allow);
        var options = await SendAsync(Csr, HttpMethod.Options, "/Premises/");
        await PgrstErrorAsync(options, 405, "PGRST117");
        Assert.Equal(["GET", "PATCH"], options.Content.Headers.Allow);

        // A write a read-only resource does not take, refused by its handler, names the same methods.
        var delete = await SendAsync(Admin, HttpMethod.Delete, "/customer_accounts?customer=gt.0");
        await PgrstErrorAsync(delete, 405, "PGRST117");
        Assert.Equal(["GET"], delete.Content.Headers.Allow);
    }

    [Fact]
    public async Task AnUnknownTableIsPostgrests404ButPortalAndApiPathsKeepTheirOwn()
    {
        foreach (var client in new[] { Csr, Client })
        {
            var unknown = await SendAsync(client, HttpMethod.Get, "/invoices?id=eq.1", null, ("Accept", "application/json"));
            var body = await PgrstErrorAsync(unknown, 404, "PGRST205");
            Assert.Equal("Could not find the table 'public.invoices' in the schema cache", body["message"]!.GetValue<string>());
            Assert.Contains("customers", body["hint"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        await PgrstErrorAsync(await SendAsync(Admin, HttpMethod.Patch, "/customer", new { name = "X" }), 404, "PGRST205");
        await PgrstErrorAsync(await Client.GetAsync("/invoices"), 404, "PGRST205");

        // A browser asking for a page that is not there, and paths that are no table name, get the portal's page.
        var page = await SendAsync(Client, HttpMethod.Get, "/invoices", null, ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"));
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        foreach (var path in new[] { "/account/no-such-page", "/start/nowhere", "/favicon.ico", "/no-such-page" })
        {
            var other = await Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
            Assert.Equal("text/html", other.Content.Headers.ContentType?.MediaType);
        }

        // The API's own paths keep RFC 9457 problems.
        foreach (var path in new[] { "/api", "/api/nothing-here", "/dev" })
        {
            var api = await Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
            Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class QueryInterfaceOnSqlite(SqliteApp app) : QueryInterfaceTests(app);

[Collection(PostgresCollection.Name)]
public sealed class QueryInterfaceOnPostgres(PostgresApp app) : QueryInterfaceTests(app);
