using System.Globalization;
using CustomerService.Common;
using CustomerService.Features.Accounts;
using CustomerService.Features.Contracts;
using CustomerService.Features.Customers;
using CustomerService.Features.Enrollment;
using CustomerService.Features.Meters;
using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.Premises;

/// <summary>POST /api/premises/{premiseId}/stop: the last day of service, why, and where the final bill goes.</summary>
public sealed record StopServiceRequest
{
    /// <summary>YYYY-MM-DD, from tomorrow to 90 days ahead (America/Chicago).</summary>
    public string? StopDate { get; init; }
    /// <summary>moving (the default: the early termination fee is waived) or other (the cancel rules' fee).</summary>
    public string? Reason { get; init; }
    /// <summary>Where the final bill goes; absent means the mailing address on file.</summary>
    public AddressInput? ForwardingAddress { get; init; }
}

public sealed record StopServiceResponse(
    string Reference, long PremiseId, long AccountId, string Status, DateOnly StopDate, string Reason, PostalAddress? ForwardingAddress,
    IReadOnlyList<StopContract> ContractsEnding, bool AccountBecomesInactive, IReadOnlyList<string> Consequences, DateTime RequestedAt,
    DateTime? CancelledAt, DateTime? CompletedAt);

/// <summary>A contract the stop cancels, and the fee it charges on the stop date.</summary>
public sealed record StopContract(long ContractId, string ContractNumber, EarlyTerminationFeeResponse EarlyTerminationFee);

/// <summary>What stopping service at a premise on a date would do, stated before the customer confirms.</summary>
public sealed record StopPreview(Premise Premise, DateOnly EarliestStopDate, DateOnly LatestStopDate, ServiceStop? Scheduled,
    IReadOnlyList<(Contract Contract, EtfDecision IfMoving, EtfDecision IfOther)> ContractsEnding, bool AccountBecomesInactive);

/// <summary>
/// Stop service (move-out) at one premise: scheduled by its occupier or agent (or staff for them, audited by the
/// self-service filter), withdrawn before the stop date, and carried out on the stop date by the lifecycle job: the
/// meters become available to the next occupant, the premise inactive, the contracts covering only that premise
/// cancelled (the fee waived for a move, else the cancel rules' fee on the stop date), the account inactive when no
/// active premise is left, and Billing asked for the final bill.
/// </summary>
public static class StopService
{
    public static async Task<Outcome<StopServiceResponse>> ScheduleAsync(
        long premiseId, StopServiceRequest? request, ActingCustomer acting, AccountAccess access, CustomerDbContext db, ServiceCalendar calendar, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (request is null) errors.AddMissingBody();
        var (earliest, latest) = calendar.StartDateWindow;
        DateOnly stopDate = default;
        if (string.IsNullOrWhiteSpace(request?.StopDate)) errors.Add("stopDate", "The stop date is required.");
        else if (!DateOnly.TryParseExact(request.StopDate.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out stopDate))
            errors.Add("stopDate", "The stop date must be a date written YYYY-MM-DD.");
        else if (stopDate < earliest || stopDate > latest)
            errors.Add("stopDate", $"Service can stop from {earliest:yyyy-MM-dd} (tomorrow) to {latest:yyyy-MM-dd} (90 days ahead).");
        var reason = ParseReason(request?.Reason);
        if (reason is null) errors.Add("reason", "The reason is moving (the early termination fee is waived) or other.");
        if (request?.ForwardingAddress is { } forwarding) AddressInput.Validate(forwarding, "forwardingAddress", errors, mustBeServed: false);
        if (!errors.IsEmpty) return errors;

        if (await FindAsync(premiseId, acting, access, ct) is { } refusal) return refusal;
        var now = calendar.UtcNow;
        var f = request!.ForwardingAddress;
        try
        {
            return await db.InTransactionAsync<Outcome<StopServiceResponse>>(async (tx, ct) =>
            {
                var scheduled = await ScheduleInTransactionAsync(db, premiseId, stopDate, reason!, f, acting, access, now, null, ct);
                if (scheduled is not Outcome<ServiceStop>.Done { Value: var stop }) return ((Outcome<ServiceStop>.Refused)scheduled).Why;
                await tx.CommitAsync(ct);
                return await ResponseAsync(db, (await access.PremiseAsync(acting.CustomerId, premiseId, ct))!.Value.Premise, stop, ct);
            }, ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            return await ScheduledAsync(db, premiseId, ct) is { } winner ? AlreadyScheduled(winner)
                : Refusal.Conflict("Stop changed", "Another request changed this premise's stop at the same moment; reload and try again.");
        }
    }

    /// <summary>
    /// Schedules the stop inside the caller's transaction (a stop of its own, or a move's, which commits it with the
    /// enrollment at the new address): the premise must still be active and have no scheduled stop.
    /// </summary>
    internal static async Task<Outcome<ServiceStop>> ScheduleInTransactionAsync(CustomerDbContext db, long premiseId, DateOnly stopDate, string reason,
        AddressInput? f, ActingCustomer acting, AccountAccess access, DateTime now, string? moveConfirmationNumber, CancellationToken ct)
    {
        if (await access.PremiseAsync(acting.CustomerId, premiseId, ct) is not { Premise: var premise }) return CustomerPremises.NotFound(premiseId);
        if (premise.Status != PremiseStatus.Active)
            return Refusal.Conflict("Service already stopped", $"Service at premise {premiseId} stopped on {premise.InactiveSince:yyyy-MM-dd}.");
        if (await ScheduledAsync(db, premiseId, ct) is { } existing) return AlreadyScheduled(existing);

        var stop = new ServiceStop
        {
            Reference = "STP-" + ConfirmationNumbers.New(now)[4..], PremiseId = premise.Id, AccountId = premise.AccountId, StopDate = stopDate,
            Reason = reason, Status = ServiceStopStatus.Scheduled, RequestedBy = acting.Actor, RequestedAt = now,
            ForwardingStreet = f?.Street?.Trim(), ForwardingUnit = Text.Clean(f?.Unit), ForwardingCity = f?.City?.Trim(),
            ForwardingState = f?.State?.Trim().ToUpperInvariant(), ForwardingZip = f?.Zip?.Trim(), MoveConfirmationNumber = moveConfirmationNumber,
        };
        db.ServiceStops.Add(stop);
        var holder = await AccountHolders.OfAsync(db, premise.AccountId, ct);
        db.LogChange(holder, "move-out scheduled", acting.Actor, now, null, new { stop.Reference, premiseId, stopDate, reason, moveConfirmationNumber });
        db.Record(holder, new MoveOutScheduledEvent(stop.Reference, premise.Id, premise.AccountId, premise.EsiId, stopDate, stop.Reason, Forwarding(stop), now));
        await db.SaveChangesAsync(ct);
        return stop;
    }

    /// <summary>The response for a stop already stored (a replayed move's).</summary>
    internal static async Task<StopServiceResponse> ResponseForAsync(CustomerDbContext db, ServiceStop stop, CancellationToken ct) =>
        await ResponseAsync(db, await db.Premises.AsNoTracking().SingleAsync(p => p.Id == stop.PremiseId, ct), stop, ct);

    public static async Task<Outcome<StopServiceResponse>> WithdrawAsync(
        long premiseId, ActingCustomer acting, AccountAccess access, CustomerDbContext db, ServiceCalendar calendar, CancellationToken ct)
    {
        if (await FindAsync(premiseId, acting, access, ct) is { } refusal) return refusal;
        var now = calendar.UtcNow;
        return await db.InTransactionAsync<Outcome<StopServiceResponse>>(async (tx, ct) =>
        {
            if (await access.PremiseAsync(acting.CustomerId, premiseId, ct) is not { Premise: var premise }) return CustomerPremises.NotFound(premiseId);
            var stop = await ScheduledAsync(db, premiseId, ct);
            if (stop is null) return Refusal.NotFound("No stop scheduled", $"No stop of service is scheduled at premise {premiseId}.");
            if (calendar.Today >= stop.StopDate)
                return Refusal.Conflict("Too late to withdraw", $"Service at premise {premiseId} stops on {stop.StopDate:yyyy-MM-dd}; a stop can be withdrawn only before its stop date. To keep service, start service again.");
            var withdrawn = await db.ServiceStops.Where(s => s.Id == stop.Id && s.Status == ServiceStopStatus.Scheduled)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, ServiceStopStatus.Cancelled).SetProperty(x => x.CancelledAt, now), ct);
            if (withdrawn != 1) return Refusal.Conflict("Stop changed", "The stop was changed by another request; reload and try again.");
            db.Entry(stop).State = EntityState.Detached;
            var holder = await AccountHolders.OfAsync(db, premise.AccountId, ct);
            db.LogChange(holder, "move-out cancelled", acting.Actor, now, new { stop.Reference, status = ServiceStopStatus.Scheduled }, new { stop.Reference, status = ServiceStopStatus.Cancelled });
            db.Record(holder, new MoveOutCancelledEvent(stop.Reference, premiseId, premise.AccountId, stop.StopDate, now));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            var cancelled = await db.ServiceStops.AsNoTracking().SingleAsync(s => s.Id == stop.Id, ct);
            return await ResponseAsync(db, premise, cancelled, ct);
        }, ct);
    }

    /// <summary>The scheduled stop, or the latest one, of a premise the customer sees.</summary>
    public static async Task<Outcome<StopServiceResponse>> GetAsync(long premiseId, ActingCustomer acting, AccountAccess access, CustomerDbContext db, CancellationToken ct)
    {
        var found = await access.PremiseAsync(acting.CustomerId, premiseId, ct);
        if (found is null) return CustomerPremises.NotFound(premiseId);
        if (!AccountPermissions.Allows(found.Value.Roles, AccountPermission.ViewPremises)) return AccountRefusals.ForRole("see this premise");
        var stop = await db.ServiceStops.AsNoTracking().Where(s => s.PremiseId == premiseId)
            .OrderByDescending(s => s.Status == ServiceStopStatus.Scheduled).ThenByDescending(s => s.Id).FirstOrDefaultAsync(ct);
        return stop is null
            ? Refusal.NotFound("No stop scheduled", $"No stop of service was ever requested at premise {premiseId}.")
            : await ResponseAsync(db, found.Value.Premise, stop, ct);
    }

    /// <summary>What a stop would do, for the portal page that states it before the customer confirms.</summary>
    public static async Task<Outcome<StopPreview>> PreviewAsync(long premiseId, DateOnly? stopDate, ActingCustomer acting, AccountAccess access, CustomerDbContext db, ServiceCalendar calendar, CancellationToken ct)
    {
        if (await FindAsync(premiseId, acting, access, ct) is { } refusal) return refusal;
        var premise = (await access.PremiseAsync(acting.CustomerId, premiseId, ct))!.Value.Premise;
        var (earliest, latest) = calendar.StartDateWindow;
        var date = stopDate is { } d && d >= earliest && d <= latest ? d : earliest;
        var (contracts, inactive) = await ConsequencesAsync(db, premise, date, ct);
        return new StopPreview(premise, earliest, latest, await ScheduledAsync(db, premiseId, ct),
            contracts.Select(c => (c, c.EtfIfStopped(date, true), c.EtfIfStopped(date, false))).ToList(), inactive);
    }

    /// <summary>Carries out a due stop (the lifecycle job, on the stop date); false when another run did, or it was withdrawn.</summary>
    public static async Task<bool> ExecuteAsync(CustomerDbContext db, long stopId, DateOnly today, DateTime now, CancellationToken ct)
    {
        var claimed = await db.ServiceStops.Where(s => s.Id == stopId && s.Status == ServiceStopStatus.Scheduled && s.StopDate <= today)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, ServiceStopStatus.Completed).SetProperty(x => x.CompletedAt, now), ct);
        if (claimed == 0) return false;
        var stop = await db.ServiceStops.AsNoTracking().SingleAsync(s => s.Id == stopId, ct);
        var premise = await db.Premises.SingleAsync(p => p.Id == stop.PremiseId, ct);
        var account = await db.Accounts.SingleAsync(a => a.Id == stop.AccountId, ct);
        var holder = await AccountHolders.OfAsync(db, account.Id, ct);
        var moving = stop.Reason == StopReasons.Moving;
        var (contracts, accountBecomesInactive) = await ConsequencesAsync(db, premise, stop.StopDate, ct);

        var meters = await db.Meters.Where(m => m.PremiseId == premise.Id && (m.Status == MeterStatus.Pending || m.Status == MeterStatus.Active)).OrderBy(m => m.Id).ToListAsync(ct);
        foreach (var meter in meters)
        {
            meter.Status = MeterStatus.Available;
            meter.PremiseId = null;
            db.Record(holder, new MeterRemovedEvent(meter.Id, meter.MeterNumber, premise.Id, premise.EsiId, account.Id, stop.StopDate, "Service stopped (move-out)"));
        }
        premise.Status = PremiseStatus.Inactive;
        premise.InactiveSince = stop.StopDate;
        var cancelled = new List<FinalBillContract>();
        foreach (var contract in contracts)
        {
            if (!await ContractClaims.ClaimAsync(db, contract, now, ct)) continue; // changed meanwhile (cancelled, rescinded): nothing left to end
            var fee = contract.CancelForStop(stop.StopDate, now, moving, $"Service stopped ({stop.Reference})");
            cancelled.Add(new FinalBillContract(contract.Id, contract.ContractNumber, Decimals.Money(fee.Charged)));
        }
        db.LogChange(holder, "move-out completed", "job:contract-lifecycle", now, null,
            new { stop.Reference, premiseId = premise.Id, meters = meters.Select(m => m.Id), contracts = cancelled.Select(c => c.ContractId) });
        await db.SaveChangesAsync(ct); // MeterRemoved…, ContractCancelled…

        if (accountBecomesInactive && account.Status is AccountStatus.Pending or AccountStatus.Active)
        {
            var from = account.Status;
            account.Status = AccountStatus.Inactive;
            account.UpdatedAt = now;
            db.Record(holder, new AccountStatusChangedEvent(account.Id, account.AccountNumber, from, AccountStatus.Inactive, "Service stopped at its last active premise", now));
        }
        db.Record(holder, new FinalBillRequestedEvent(stop.Reference, account.Id, account.AccountNumber, premise.Id, premise.EsiId,
            new PostalAddress(premise.Street, premise.Unit, premise.City, premise.State, premise.Zip), stop.StopDate, Forwarding(stop),
            meters.Select(m => m.Id).ToList(), cancelled));
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// The contracts a stop at <paramref name="premise"/> ends: pending or in force on the stop date, covering accounts
    /// with no other active premise; and whether the premise's account is left with no active premise.
    /// </summary>
    private static async Task<(List<Contract> Contracts, bool AccountBecomesInactive)> ConsequencesAsync(CustomerDbContext db, Premise premise, DateOnly stopDate, CancellationToken ct)
    {
        var accountBecomesInactive = !await db.Premises.AnyAsync(p => p.AccountId == premise.AccountId && p.Id != premise.Id && p.Status == PremiseStatus.Active, ct);
        var candidateIds = await db.ContractAccounts.Where(ca => ca.AccountId == premise.AccountId).Select(ca => ca.ContractId).ToListAsync(ct);
        var candidates = await db.Contracts.Where(c => candidateIds.Contains(c.Id) && (c.Status == ContractStatus.Pending || c.Status == ContractStatus.Active))
            .OrderBy(c => c.Id).ToListAsync(ct);
        var ending = new List<Contract>();
        foreach (var contract in candidates.Where(c => c.CanCancel(stopDate)))
        {
            var accounts = db.ContractAccounts.Where(ca => ca.ContractId == contract.Id).Select(ca => ca.AccountId);
            var coversOthers = await db.Premises.AnyAsync(p => accounts.Contains(p.AccountId) && p.Id != premise.Id && p.Status == PremiseStatus.Active, ct);
            if (!coversOthers) ending.Add(contract);
        }
        return (ending, accountBecomesInactive);
    }

    private static async Task<StopServiceResponse> ResponseAsync(CustomerDbContext db, Premise premise, ServiceStop stop, CancellationToken ct)
    {
        var (contracts, inactive) = stop.Status == ServiceStopStatus.Scheduled ? await ConsequencesAsync(db, premise, stop.StopDate, ct) : ([], false);
        var moving = stop.Reason == StopReasons.Moving;
        var ending = contracts.Select(c => (Contract: c, Fee: c.EtfIfStopped(stop.StopDate, moving)))
            .Select(x => new StopContract(x.Contract.Id, x.Contract.ContractNumber,
                new EarlyTerminationFeeResponse(Decimals.Money(x.Fee.Charged), Decimals.Money(x.Fee.ContractFee), x.Fee.Reason))).ToList();
        var consequences = new List<string>
        {
            $"Service at {premise.Street}{(premise.Unit is null ? "" : ", " + premise.Unit)} ends on {Dates.Long(stop.StopDate)}; its meters become available to the next occupant.",
            stop.ForwardingZip is null ? "The final bill goes to the mailing address on file." : $"The final bill goes to {stop.ForwardingStreet}, {stop.ForwardingCity}, {stop.ForwardingState} {stop.ForwardingZip}.",
        };
        consequences.AddRange(ending.Select(c => c.EarlyTerminationFee.Charged > 0
            ? $"Contract {c.ContractNumber} is cancelled; early termination fee {c.EarlyTerminationFee.Charged:0.00} USD ({c.EarlyTerminationFee.Reason})"
            : $"Contract {c.ContractNumber} is cancelled with no fee ({c.EarlyTerminationFee.Reason})"));
        if (inactive) consequences.Add("The account has no other active premise and becomes inactive.");
        return new StopServiceResponse(stop.Reference, stop.PremiseId, stop.AccountId, stop.Status, stop.StopDate, stop.Reason, Forwarding(stop),
            ending, inactive, consequences, stop.RequestedAt, stop.CancelledAt, stop.CompletedAt);
    }

    /// <summary>The premise the customer reaches with a role that may stop service there (occupier or agent).</summary>
    private static async Task<Refusal?> FindAsync(long premiseId, ActingCustomer acting, AccountAccess access, CancellationToken ct)
    {
        var found = await access.PremiseAsync(acting.CustomerId, premiseId, ct);
        if (found is null) return CustomerPremises.NotFound(premiseId);
        return AccountPermissions.Allows(found.Value.Roles, AccountPermission.Manage) ? null : AccountRefusals.ForRole("stop service at this premise");
    }

    private static Task<ServiceStop?> ScheduledAsync(CustomerDbContext db, long premiseId, CancellationToken ct) =>
        db.ServiceStops.FirstOrDefaultAsync(s => s.PremiseId == premiseId && s.Status == ServiceStopStatus.Scheduled, ct);

    private static Refusal AlreadyScheduled(ServiceStop stop) => Refusal.Conflict("Stop already scheduled",
        $"Service at this premise is already scheduled to stop on {stop.StopDate:yyyy-MM-dd} ({stop.Reference}). Withdraw that stop first to choose another date.",
        new Dictionary<string, object?> { ["reference"] = stop.Reference, ["stopDate"] = stop.StopDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });

    public static string? ParseReason(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => StopReasons.Moving,
        StopReasons.Moving => StopReasons.Moving,
        StopReasons.Other => StopReasons.Other,
        _ => null,
    };

    private static PostalAddress? Forwarding(ServiceStop s) =>
        s.ForwardingZip is null ? null : new PostalAddress(s.ForwardingStreet!, s.ForwardingUnit, s.ForwardingCity!, s.ForwardingState!, s.ForwardingZip);
}
