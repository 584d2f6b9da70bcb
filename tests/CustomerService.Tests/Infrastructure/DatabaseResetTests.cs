using System.Globalization;
using System.Net;
using CustomerService.Features.Meters;
using CustomerService.Features.Plans;
using CustomerService.Features.ReferenceData;
using CustomerService.Features.Tariffs;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Tests.Infrastructure;

/// <summary>What every functional test starts from: the demo reference data as seeded, and nothing else.</summary>
public abstract class DatabaseResetTests(CustomerServiceApp app) : ProviderTests(app)
{
    [Fact]
    public async Task ResetLeavesTheSeededReferenceDataAsSeededAndNothingElseWhateverATestChanged()
    {
        var start = await ContentAsync();
        Assert.Equal(HttpStatusCode.Created, (await Client.EnrollAsync(Requests.Individual())).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Client.EnrollAsync(Requests.Business())).StatusCode);
        await App.WithDbAsync(async db =>
        {
            // A renewal chain, a premise in an ESCO, and reference data edited, removed and added (a meter at a customer's premise).
            var contracts = await db.Contracts.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();
            await db.Database.ExecuteSqlAsync($"UPDATE contracts SET renewed_from_contract_id = {contracts[0]} WHERE id = {contracts[1]}");
            var esco = new Esco { Code = "LAKE", Name = "Lake Microgrid" };
            db.Escos.Add(esco);
            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlAsync($"UPDATE premises SET esco_id = {esco.Id}");
            await db.Database.ExecuteSqlAsync($"UPDATE plans SET name = 'Renamed', rate_per_kwh = 99 WHERE id = 1001");
            await db.Database.ExecuteSqlAsync($"DELETE FROM territory_zip_prefixes WHERE prefix = '794'");
            await db.Database.ExecuteSqlAsync($"UPDATE meters SET status = {MeterStatus.Removed} WHERE id = 3054");
            var plan = await db.Plans.AsNoTracking().SingleAsync(p => p.Id == 1003);
            db.Entry(plan).Property(p => p.Id).CurrentValue = 9003;
            db.Plans.Add(plan);
            db.PlanTerritories.Add(new PlanTerritory { PlanId = 9003, TerritoryCode = "ONCOR" });
            var premise = await db.Premises.Select(p => p.Id).FirstAsync();
            db.Meters.Add(new Meter { Id = 3999, MeterNumber = "E-99999999", Type = "electric", Status = MeterStatus.Pending, ServicePointId = 1, PremiseId = premise });
            return await db.SaveChangesAsync();
        });
        Assert.NotEqual(start, await ContentAsync());

        await App.ResetAsync();

        var reset = await ContentAsync();
        Assert.Equal(start, reset);
        var (points, meters) = DemoReferenceData.ServicePointsAndMeters();
        var seeded = new Dictionary<string, int>
        {
            ["territories"] = DemoReferenceData.Territories.Count,
            ["territory_zip_prefixes"] = DemoReferenceData.Territories.Sum(t => t.ZipPrefixes.Length),
            ["plans"] = DemoReferenceData.Plans().Count,
            ["plan_territories"] = DemoReferenceData.PlanTerritories.Sum(p => p.Territories.Length),
            ["service_points"] = points.Count,
            ["meters"] = meters.Count,
        };
        Assert.Equal(seeded.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, t.Value)), reset.Where(t => t.Value.Count > 0).Select(t => (t.Key, t.Value.Count)));
        var stored = await App.WithDbAsync(db => db.Meters.OrderBy(m => m.Id).ToListAsync());
        Assert.Equal(meters.Select(m => (m.Id, m.MeterNumber, m.Status, m.PremiseId, m.ServicePointId)),
            stored.Select(m => (m.Id, m.MeterNumber, m.Status, m.PremiseId, m.ServicePointId)));
        Assert.Equal("Green Energy 12", (await App.WithDbAsync(db => db.Plans.SingleAsync(p => p.Id == 1001))).Name);
    }

    /// <summary>Every table of the model but the Data Protection key ring (which a reset keeps), each row as text, in a stable order.</summary>
    private Task<SortedDictionary<string, List<string>>> ContentAsync() => App.WithDbAsync(async db =>
    {
        var content = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            foreach (var table in db.Model.GetEntityTypes().Where(t => t.ClrType != typeof(DataProtectionKey)).Select(t => t.GetTableName()!).Distinct())
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT * FROM {table}";
                await using var reader = await command.ExecuteReaderAsync();
                var rows = new List<string>();
                while (await reader.ReadAsync())
                {
                    rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount)
                        .Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
                }
                rows.Sort(StringComparer.Ordinal);
                content[table] = rows;
            }
        }
        finally
        {
            await connection.CloseAsync();
        }
        return content;
    });
}

[Collection(SqliteCollection.Name)]
public sealed class DatabaseResetOnSqlite(SqliteApp app) : DatabaseResetTests(app);

[Collection(PostgresCollection.Name)]
public sealed class DatabaseResetOnPostgres(PostgresApp app) : DatabaseResetTests(app);
