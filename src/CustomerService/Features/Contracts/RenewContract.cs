using System.Text.Json;
using CustomerService.Common;
using CustomerService.Features.Customers;
using CustomerService.Features.Plans;
using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Outbox;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.Contracts;

/// <summary>POST /api/contracts/{id}/renew: the plan to renew onto; the same plan when omitted.</summary>
public sealed record RenewContractRequest(long? PlanId);

/// <summary>
/// Renews from 60 days before the end date, or after expiry, into a new contract (the same or another plan
/// offered at every premise the contract covers) that starts the day after the old end date — or tomorrow if
/// the old one already expired — and covers the same accounts. The old contract becomes renewed.
/// </summary>
public static class RenewContract
{
    public static async Task<Outcome<ContractResponse>> HandleAsync(
        long contractId, RenewContractRequest? request, ActingCustomer acting, ContractAccess access, PlanCatalog catalog, NumberSequences numbers,
        CustomerDbContext db, ServiceCalendar calendar, CancellationToken ct)
    {
        var contract = await access.FindAsync(acting.CustomerId, contractId, ct);
        if (contract is null) return CustomerContracts.NotFound(contractId);
        var today = calendar.Today;
        var status = contract.StatusOn(today);
        if (status is not (ContractStatus.Active or ContractStatus.Expired))
            return Refusal.Conflict("Contract cannot be renewed", $"Contract {contract.ContractNumber} is {status}; only an active or expired contract can be renewed.");
        if (!contract.CanRenew(today))
            return Refusal.Conflict("Too early to renew",
                $"Contract {contract.ContractNumber} can be renewed from {contract.EndDate.AddDays(-Contract.RenewalWindowDays):yyyy-MM-dd}, {Contract.RenewalWindowDays} days before its end date {contract.EndDate:yyyy-MM-dd}.");

        var planId = request?.PlanId ?? contract.PlanId;
        var plan = await catalog.FindAsync(planId, ct);
        var errors = new ValidationErrors();
        var accountIds = await db.ContractAccounts.Where(ca => ca.ContractId == contractId).Select(ca => ca.AccountId).ToListAsync(ct);
        var zips = await PremiseZipsAsync(db, accountIds, ct);
        if (plan is null || !plan.IsActive) errors.Add("planId", $"Plan {planId} does not exist.");
        else
        {
            foreach (var zip in zips.Order(StringComparer.Ordinal))
            {
                if (!await catalog.IsOfferedAtAsync(plan.Id, Zip.Parse(zip), ct))
                    errors.Add("planId", $"Plan {plan.Id} ({plan.Name}) is not offered at ZIP code {zip}, where this contract's premises are.");
            }
        }
        if (!errors.IsEmpty) return errors;

        var start = contract.RenewalStart(today);
        var number = $"CTR-{today.Year}-{await numbers.NextAsync($"contract-{today.Year}", 1, ct):D5}";
        var now = calendar.UtcNow;
        var (checkedStatus, checkedAt) = (contract.Status, contract.UpdatedAt);
        return await db.InTransactionAsync<Outcome<ContractResponse>>(async (tx, ct) =>
        {
            // The contract as checked above (the same instance, unless this is a retry that reads it again).
            var current = await access.FindAsync(acting.CustomerId, contractId, ct);
            if (current is null || current.Status != checkedStatus || current.UpdatedAt != checkedAt || !await ContractClaims.ClaimAsync(db, current, now, ct))
                return Refusal.Conflict("Contract changed", $"Contract {contract.ContractNumber} was changed by another request; reload it and try again.");
            var renewal = Contract.Sign(number, current.CustomerId, plan!, start, now, renewedFrom: current.Id);
            current.RenewInto(renewal, accountIds, now);
            db.Contracts.Add(renewal);
            await db.SaveChangesAsync(ct);
            db.ContractAccounts.AddRange(accountIds.Select(a => new ContractAccount { ContractId = renewal.Id, AccountId = a, AddedAt = now }));
            db.LogChange(current.CustomerId, "contract", acting.Actor, now, new { contractId, status }, new { contractId, status = current.Status, renewalContractId = renewal.Id });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);

            return await access.ResponseAsync(renewal.Id, today, ct);
        }, ct);
    }

    /// <summary>The ZIP codes of the premises a contract covers: a renewal plan must be offered at every one.</summary>
    public static async Task<List<string>> PremiseZipsAsync(CustomerDbContext db, IReadOnlyCollection<long> accountIds, CancellationToken ct) =>
        await db.Premises.Where(p => accountIds.Contains(p.AccountId)).Select(p => p.Zip).Distinct().ToListAsync(ct);

    /// <summary>The plans a contract may be renewed onto: active and offered at every ZIP code its premises are in.</summary>
    public static async Task<List<Plan>> PlansForAsync(long contractId, PlanCatalog catalog, CustomerDbContext db, CancellationToken ct)
    {
        var accountIds = await db.ContractAccounts.Where(ca => ca.ContractId == contractId).Select(ca => ca.AccountId).ToListAsync(ct);
        List<Plan>? offered = null;
        foreach (var zip in await PremiseZipsAsync(db, accountIds, ct))
        {
            var here = await catalog.PlansOfferedAtAsync(Zip.Parse(zip), ct);
            offered = offered is null ? here : offered.Where(p => here.Any(h => h.Id == p.Id)).ToList();
        }
        return offered ?? [];
    }
}

