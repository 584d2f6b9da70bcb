using System.Text.Json;
using CustomerService.Features.Contracts;
using CustomerService.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerService.Tests.Events;

/// <summary>The contract lifecycle job at its date edges, in America/Chicago, run with the test clock.</summary>
public abstract class ContractLifecycleJobTests(CustomerServiceApp app) : ProviderTests(app)
{
    // Requests.Individual: plan 1001 (12 months) from 2026-12-01, so the contract ends 2027-12-01.
    private static readonly DateOnly Start = new(2026, 12, 1);
    private static readonly DateOnly End = new(2027, 12, 1);

    private ContractLifecycleJob Job => App.Services.GetRequiredService<ContractLifecycleJob>();

    /// <summary>Mid-morning or noon in Chicago on that day, whether CST or CDT.</summary>
    private void Today(DateOnly day) => App.Clock.Set(new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(-5)));

    private async Task<(long CustomerId, long ContractId)> EnrollAsync()
    {
        var body = await (await Client.EnrollAsync(Requests.Individual())).JsonAsync();
        return (body["customerId"]!.GetValue<long>(), body["contractId"]!.GetValue<long>());
    }

    private Task<List<string>> EventTypesAsync() => App.WithDbAsync(db =>
        db.OutboxEvents.OrderBy(e => e.Sequence).Select(e => e.Type).ToListAsync());

    private Task<string> StatusAsync(long contractId) => App.WithDbAsync(db => db.Contracts.Where(c => c.Id == contractId).Select(c => c.Status).SingleAsync());

    [Fact]
    public async Task AContractStartsOnItsStartDateNotTheDayBeforeAndItsMetersAccountAndCustomerWithIt()
    {
        var (customerId, contractId) = await EnrollAsync();
        var before = (await EventTypesAsync()).Count;

        Today(Start.AddDays(-1));
        Assert.Equal(default, await Job.RunOnceAsync(default));
        Assert.Equal("pending", await StatusAsync(contractId));

        Today(Start);
        Assert.Equal(new LifecycleRun(1, 0, 0), await Job.RunOnceAsync(default));
        Assert.Equal(new LifecycleRun(0, 0, 0), await Job.RunOnceAsync(default));

        Assert.Equal("active", await StatusAsync(contractId));
        var (meter, account, customer) = await App.WithDbAsync(async db => (
            await db.Meters.Where(m => m.Id == Requests.MainStreetMeter).Select(m => m.Status).SingleAsync(),
            await db.Accounts.Where(a => db.ContractAccounts.Any(ca => ca.ContractId == contractId && ca.AccountId == a.Id)).Select(a => a.Status).SingleAsync(),
            await db.Customers.Where(c => c.Id == customerId).Select(c => c.Status).SingleAsync()));
        Assert.Equal(("active", "active", "live"), (meter, account, customer));

        var outbox = await App.OutboxAsync();
        Assert.Equal(["customer.ContractActivated", "customer.AccountStatusChanged", "customer.CustomerStatusChanged"], outbox.Skip(before).Select(e => e.Type));
        Assert.Equal(Enumerable.Range(1, outbox.Count).Select(i => (long)i), outbox.Select(e => e.CustomerSequence));
        var activated = JsonDocument.Parse(outbox[before].Data).RootElement;
        Assert.Equal(contractId, activated.GetProperty("contractId").GetInt64());
        Assert.Equal("2026-12-01", activated.GetProperty("startDate").GetString());
        Assert.Equal(Requests.MainStreetMeter, activated.GetProperty("meterIds")[0].GetInt64());
        var moved = JsonDocument.Parse(outbox[^1].Data).RootElement;
        Assert.Equal(("prelive", "live"), (moved.GetProperty("from").GetString(), moved.GetProperty("to").GetString()));
    }

    [Fact]
    public async Task ExpiringIsEmittedOnceFromThirtyDaysBeforeTheEndAndExpiredTheDayAfterTheEnd()
    {
        var (_, contractId) = await EnrollAsync();
        Today(Start);
        await Job.RunOnceAsync(default);
        var before = (await EventTypesAsync()).Count;

        Today(End.AddDays(-31));
        Assert.Equal(default, await Job.RunOnceAsync(default));
        Today(End.AddDays(-30));
        Assert.Equal(new LifecycleRun(0, 1, 0), await Job.RunOnceAsync(default));
        Assert.Equal(default, await Job.RunOnceAsync(default));
        Today(End.AddDays(-1));
        Assert.Equal(default, await Job.RunOnceAsync(default));

        Today(End);
        Assert.Equal(default, await Job.RunOnceAsync(default));
        Assert.Equal("active", await StatusAsync(contractId));
        Today(End.AddDays(1));
        Assert.Equal(new LifecycleRun(0, 0, 1), await Job.RunOnceAsync(default));
        Assert.Equal(default, await Job.RunOnceAsync(default));
        Assert.Equal("expired", await StatusAsync(contractId));

        var outbox = await App.OutboxAsync();
        Assert.Equal(["customer.ContractExpiring", "customer.ContractExpired"], outbox.Skip(before).Select(e => e.Type));
        var expiring = JsonDocument.Parse(outbox[before].Data).RootElement;
        Assert.Equal(30, expiring.GetProperty("daysRemaining").GetInt32());
        Assert.Equal("2027-12-01", expiring.GetProperty("endDate").GetString());
    }

    [Fact]
    public async Task ConcurrentRunsRecordEachEventOnce()
    {
        await EnrollAsync();
        await Client.EnrollAsync(Requests.Business().With(b => b["serviceStartDate"] = "2026-12-01"));
        var before = (await EventTypesAsync()).Count;

        Today(Start);
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Job.RunOnceAsync(default))));
        Assert.Equal(2, runs.Sum(r => r.Activated));
        Today(End.AddDays(-30)); // the business contract (24 months) ends in 2028: only the individual one is due
        runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Job.RunOnceAsync(default))));
        Assert.Equal(1, runs.Sum(r => r.ExpiryNotices));
        Today(End.AddDays(1));
        runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Job.RunOnceAsync(default))));
        Assert.Equal(1, runs.Sum(r => r.Expired));

        var types = (await EventTypesAsync()).Skip(before).ToList();
        Assert.Equal(2, types.Count(t => t == "customer.ContractActivated"));
        Assert.Equal(2, types.Count(t => t == "customer.AccountStatusChanged"));
        Assert.Equal(2, types.Count(t => t == "customer.CustomerStatusChanged"));
        Assert.Equal(1, types.Count(t => t == "customer.ContractExpiring"));
        Assert.Equal(1, types.Count(t => t == "customer.ContractExpired"));
        Assert.Equal(8, types.Count);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ContractLifecycleJobOnSqlite(SqliteApp app) : ContractLifecycleJobTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ContractLifecycleJobOnPostgres(PostgresApp app) : ContractLifecycleJobTests(app);
