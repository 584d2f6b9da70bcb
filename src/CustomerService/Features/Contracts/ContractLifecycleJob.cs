using System.ComponentModel.DataAnnotations;
using CustomerService.Common;
using CustomerService.Features.Accounts;
using CustomerService.Features.Customers;
using CustomerService.Features.Meters;
using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CustomerService.Features.Contracts;

public sealed class ContractLifecycleOptions
{
    public const string Section = "Contracts:LifecycleJob";

    /// <summary>Run the job in this instance (any number of instances may run it at once).</summary>
    public bool Enabled { get; set; } = true;

    [Range(1, 86400)]
    public int IntervalSeconds { get; set; } = 300;
}

/// <summary>What one run of the job changed.</summary>
public readonly record struct LifecycleRun(int Activated, int ExpiryNotices, int Expired, int ServiceStops = 0);

/// <summary>
/// The contract lifecycle by the calendar (DESIGN.md section 4), "today" in America/Chicago: on its start date a
/// pending contract becomes active (ContractActivated; its meters and accounts become active; a prelive customer
/// becomes live), 30 days before its end date an active contract gets ContractExpiring once, and after its end
/// date it expires (ContractExpired). Each contract is changed in its own transaction by a conditional UPDATE
/// whose affected-row count decides who emits the event, so overlapping runs (twice, or on several instances)
/// record each event once.
/// </summary>
public sealed partial class ContractLifecycleJob(
    IServiceScopeFactory scopes,
    ServiceCalendar calendar,
    IOptions<ContractLifecycleOptions> options,
    TimeProvider time,
    ILogger<ContractLifecycleJob> log) : BackgroundService
{
    public const int ExpiryNoticeDays = 30;
    private const int PerRun = 500;
    private const string Actor = "job:contract-lifecycle";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        var interval = TimeSpan.FromSeconds(options.Value.IntervalSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var run = await RunOnceAsync(stoppingToken);
                if (run != default) LogRun(log, run.Activated, run.ExpiryNotices, run.Expired, run.ServiceStops);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (DbErrors.IsTransient(ex))
            {
                LogRunFailedTransiently(log, DbErrors.Cause(ex), DbErrors.Code(ex));
            }
            catch (Exception ex)
            {
                LogRunFailed(log, ex.GetType().Name, ex);
            }
            try { await Task.Delay(interval, time, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    /// <summary>One pass over the calendar; public so tests run it with their clock.</summary>
    public async Task<LifecycleRun> RunOnceAsync(CancellationToken ct)
    {
        var today = calendar.Today;
        var activated = 0;
        foreach (var id in await ContractIdsAsync(c => c.Status == ContractStatus.Pending && c.StartDate <= today, ct))
            if (await InTransactionAsync(db => ActivateAsync(db, id, today, ct), ct)) activated++;

        var noticeFrom = today.AddDays(ExpiryNoticeDays);
        var notices = 0;
        foreach (var id in await ContractIdsAsync(c => c.Status == ContractStatus.Active && c.ExpiryNoticeSentAt == null && c.EndDate <= noticeFrom && c.EndDate >= today, ct))
            if (await InTransactionAsync(db => NoticeExpiryAsync(db, id, today, ct), ct)) notices++;

        var expired = 0;
        foreach (var id in await ContractIdsAsync(c => c.Status == ContractStatus.Active && c.EndDate < today, ct))
            if (await InTransactionAsync(db => ExpireAsync(db, id, today, ct), ct)) expired++;

        var stops = 0;
        foreach (var id in await DueStopIdsAsync(today, ct))
            if (await InTransactionAsync(db => Premises.StopService.ExecuteAsync(db, id, today, calendar.UtcNow, ct), ct)) stops++;

        return new LifecycleRun(activated, notices, expired, stops);
    }

    private async Task<List<long>> ContractIdsAsync(System.Linq.Expressions.Expression<Func<Contract, bool>> due, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CustomerDbContext>();
        return await db.Contracts.AsNoTracking().Where(due).OrderBy(c => c.Id).Select(c => c.Id).Take(PerRun).ToListAsync(ct);
    }

    private async Task<List<long>> DueStopIdsAsync(DateOnly today, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CustomerDbContext>();
        return await db.ServiceStops.AsNoTracking().Where(s => s.Status == Premises.ServiceStopStatus.Scheduled && s.StopDate <= today)
            .OrderBy(s => s.Id).Select(s => s.Id).Take(PerRun).ToListAsync(ct);
    }

    /// <summary>One contract, one scope, one transaction: commits when the step changed something, else rolls back.</summary>
    private async Task<bool> InTransactionAsync(Func<CustomerDbContext, Task<bool>> step, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CustomerDbContext>();
        return await db.InTransactionAsync(async (tx, ct) =>
        {
            if (!await step(db)) return false;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return true;
        }, ct);
    }

    private async Task<bool> ActivateAsync(CustomerDbContext db, long contractId, DateOnly today, CancellationToken ct)
    {
        var now = calendar.UtcNow;
        // The conditional UPDATE is the claim: a concurrent run waits on the row lock, then finds it no longer pending.
        var claimed = await db.Contracts
            .Where(c => c.Id == contractId && c.Status == ContractStatus.Pending && c.StartDate <= today)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ContractStatus.Active).SetProperty(c => c.UpdatedAt, now), ct);
        if (claimed == 0) return false;

        var contract = await db.Contracts.AsNoTracking().SingleAsync(c => c.Id == contractId, ct);
        var accountIds = await db.ContractAccounts.Where(ca => ca.ContractId == contractId).OrderBy(ca => ca.AccountId).Select(ca => ca.AccountId).ToListAsync(ct);
        var meterIds = await db.Meters
            .Where(m => m.PremiseId != null && db.Premises.Any(p => p.Id == m.PremiseId && accountIds.Contains(p.AccountId)) && m.Status == MeterStatus.Pending)
            .OrderBy(m => m.Id).Select(m => m.Id).ToListAsync(ct);
        await db.Meters.Where(m => meterIds.Contains(m.Id) && m.Status == MeterStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MeterStatus.Active), ct);

        db.Record(contract.CustomerId, new ContractActivatedEvent(contract.Id, contract.ContractNumber, contract.CustomerId, contract.PlanId,
            contract.StartDate, contract.EndDate, accountIds, meterIds, now));
        foreach (var accountId in accountIds)
        {
            var changed = await db.Accounts.Where(a => a.Id == accountId && a.Status == AccountStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, AccountStatus.Active).SetProperty(a => a.UpdatedAt, now), ct);
            if (changed == 0) continue;
            var number = await db.Accounts.Where(a => a.Id == accountId).Select(a => a.AccountNumber).SingleAsync(ct);
            // In the contract's stream, after ContractActivated, so consumers see why the account became active.
            db.Record(contract.CustomerId, new AccountStatusChangedEvent(accountId, number, AccountStatus.Pending, AccountStatus.Active, "Contract started", now));
        }

        // Lock the customer row before reading its status, so two contracts starting together move it once.
        await db.Database.ExecuteSqlAsync($"UPDATE customers SET updated_at = updated_at WHERE id = {contract.CustomerId}", ct);
        var customer = await db.Customers.SingleAsync(c => c.Id == contract.CustomerId, ct);
        if (customer.Status == CustomerLifecycle.Prelive)
            CustomerStatusChanges.Move(db, customer, CustomerLifecycle.Live, Actor, "First contract active", now);

        LogActivated(log, contract.Id, contract.CustomerId);
        return true;
    }

    private async Task<bool> NoticeExpiryAsync(CustomerDbContext db, long contractId, DateOnly today, CancellationToken ct)
    {
        var now = calendar.UtcNow;
        var claimed = await db.Contracts
            .Where(c => c.Id == contractId && c.Status == ContractStatus.Active && c.ExpiryNoticeSentAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ExpiryNoticeSentAt, now).SetProperty(c => c.UpdatedAt, now), ct);
        if (claimed == 0) return false;

        var contract = await db.Contracts.AsNoTracking().SingleAsync(c => c.Id == contractId, ct);
        db.Record(contract.CustomerId, new ContractExpiringEvent(contract.Id, contract.ContractNumber, contract.CustomerId, contract.PlanId,
            contract.EndDate, contract.EndDate.DayNumber - today.DayNumber));
        return true;
    }

    private async Task<bool> ExpireAsync(CustomerDbContext db, long contractId, DateOnly today, CancellationToken ct)
    {
        var now = calendar.UtcNow;
        var claimed = await db.Contracts
            .Where(c => c.Id == contractId && c.Status == ContractStatus.Active && c.EndDate < today)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ContractStatus.Expired).SetProperty(c => c.UpdatedAt, now), ct);
        if (claimed == 0) return false;

        var contract = await db.Contracts.AsNoTracking().SingleAsync(c => c.Id == contractId, ct);
        db.Record(contract.CustomerId, new ContractExpiredEvent(contract.Id, contract.ContractNumber, contract.CustomerId, contract.PlanId, contract.EndDate, now));
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Contract lifecycle: {Activated} activated, {Notices} expiry notices, {Expired} expired, {Stops} service stops carried out")]
    private static partial void LogRun(ILogger logger, int activated, int notices, int expired, int stops);

    [LoggerMessage(Level = LogLevel.Information, Message = "Contract {ContractId} of customer {CustomerId} activated")]
    private static partial void LogActivated(ILogger logger, long contractId, long customerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Contract lifecycle run failed: database unavailable ({Cause}, code {Code}); the next run retries")]
    private static partial void LogRunFailedTransiently(ILogger logger, string cause, string? code);

    [LoggerMessage(Level = LogLevel.Error, Message = "Contract lifecycle run failed ({ExceptionType}); the next run retries")]
    private static partial void LogRunFailed(ILogger logger, string exceptionType, Exception ex);
}

public static class ContractLifecycleSetup
{
    public static WebApplicationBuilder AddContractLifecycleJob(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ContractLifecycleOptions>()
            .Bind(builder.Configuration.GetSection(ContractLifecycleOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ContractLifecycleJob>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ContractLifecycleJob>());
        return builder;
    }
}
