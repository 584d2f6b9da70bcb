using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CustomerService.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Tests.BackOffice;

/// <summary>customer_tariffs and escos through the PostgREST-compatible interface, as customer-management.md asks for them.</summary>
public abstract class QueryTariffResourceTests(CustomerServiceApp app) : ProviderTests(app)
{
    [Fact]
    public async Task CustomerTariffsAsWrittenInTheSeedAndEscosWithTheirPremises()
    {
        var enrolled = await (await Client.EnrollAsync(Requests.Individual())).JsonAsync();
        var customerId = enrolled["customerId"]!.GetValue<long>();
        using var admin = App.CreateClient(() => App.Issuer.Token("kc-admin", ["admin"]));
        var esco = (await (await admin.PostAsJsonAsync("/api/backoffice/escos", new { code = "LAKESIDE", name = "Lakeside Microgrid" })).JsonAsync())["id"]!.GetValue<long>();
        var premise = await App.WithDbAsync(db => db.Premises.Select(p => p.Id).SingleAsync());
        await admin.PutAsJsonAsync($"/api/backoffice/premises/{premise}/esco", new { escoId = esco });
        await admin.PostAsJsonAsync("/api/backoffice/benchmark-tariffs", new { periodStart = "2027-01-01", unitRate = 0.3m, standingCharge = 0.5m });
        await admin.PostAsJsonAsync("/api/backoffice/benchmark-tariffs", new { periodStart = "2027-04-01", unitRate = 0.32m, standingCharge = 0.5m });
        using var csr = App.CreateClient(() => App.Issuer.Token("kc-csr", ["csr"]));

        var tariffs = JsonNode.Parse(await csr.GetStringAsync($"/customer_tariffs?customer=eq.{customerId}&order=period_start.desc"))!.AsArray();

        Assert.Equal(["2027-04-01", "2027-01-01"], tariffs.Select(t => t!["period_start"]!.GetValue<string>()));
        Assert.All(tariffs, t => Assert.Equal(customerId, t!["customer"]!.GetValue<long>()));
        var escos = JsonNode.Parse(await csr.GetStringAsync("/escos?select=code,premises(id,zip)"))!.AsArray();
        var only = Assert.Single(escos);
        Assert.Equal("LAKESIDE", only!["code"]!.GetValue<string>());
        Assert.Equal(premise, only["premises"]![0]!["id"]!.GetValue<long>());
        var withEsco = JsonNode.Parse(await csr.GetStringAsync($"/premises?id=eq.{premise}&select=id,esco(code)"))!.AsArray();
        Assert.Equal("LAKESIDE", withEsco[0]!["esco"]!["code"]!.GetValue<string>());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class QueryTariffResourceOnSqlite(SqliteApp app) : QueryTariffResourceTests(app);

[Collection(PostgresCollection.Name)]
public sealed class QueryTariffResourceOnPostgres(PostgresApp app) : QueryTariffResourceTests(app);
