using System.Text.Json;
using CustomerService.Common;
using CustomerService.Features.Customers;
using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Outbox;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.Contracts;

public sealed record CancelContractRequest(string? Reason);

public sealed record CancelContractResponse(
    long ContractId, string ContractNumber, string Status, DateTime CancelledAt, EarlyTerminationFeeResponse EarlyTerminationFee);

/// <summary>The fee charged on cancelling, the fee the contract carries, and why the one is or is not the other.</summary>
public sealed record EarlyTerminationFeeResponse(decimal Charged, decimal ContractFee, string Reason);

/// <summary>
/// Cancels a pending or active contract. The ETF recorded at signing is charged when cancelling before the end
/// date, waived within the last 14 days before it (Texas rule for residential and small commercial fixed-rate
/// contracts), and not charged when service had not started.
/// </summary>
public static class CancelContract
{
    public static async Task<Outcome<CancelContractResponse>> HandleAsync(
        long contractId, CancelContractRequest? request, ActingCustomer acting, ContractAccess access, CustomerDbContext db,
        ServiceCalendar calendar, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        Text.Optional(request?.Reason, "reason", "Reason", 500, errors);
        if (!errors.IsEmpty) return errors;

        // The contract is read inside the unit of work: a retry reads it again.
        return await db.InTransactionAsync<Outcome<CancelContractResponse>>(async (tx, ct) =>
        {
            var contract = await access.FindAsync(acting.CustomerId, contractId, ct);
            if (contract is null) return CustomerContracts.NotFound(contractId);
            var today = calendar.Today;
            var status = contract.StatusOn(today);
            if (status is not (ContractStatus.Pending or ContractStatus.Active))
                return Refusal.Conflict("Contract cannot be cancelled", $"Contract {contract.ContractNumber} is {status}; only a pending or active contract can be cancelled.");

            var now = calendar.UtcNow;
            if (!await ContractClaims.ClaimAsync(db, contract, now, ct))
                return Refusal.Conflict("Contract changed", $"Contract {contract.ContractNumber} was changed by another request; reload it and try again.");
            var fee = contract.Cancel(today, now, Text.Clean(request?.Reason));
            db.LogChange(contract.CustomerId, "contract", acting.Actor, now, new { contractId, status }, new { contractId, status = contract.Status, etfCharged = fee.Charged });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);

            return new CancelContractResponse(contract.Id, contract.ContractNumber, contract.Status, now,
                new EarlyTerminationFeeResponse(Decimals.Money(fee.Charged), Decimals.Money(fee.ContractFee), fee.Reason));
        }, ct);
    }
}

/// <summary>Guards a contract change against a concurrent one: the row must still be as it was read.</summary>
internal static class ContractClaims
{
    public static async Task<bool> ClaimAsync(CustomerDbContext db, Contract contract, DateTime now, CancellationToken ct)
    {
        var (status, updatedAt) = (contract.Status, contract.UpdatedAt);
        var claimed = await db.Contracts.Where(c => c.Id == contract.Id && c.Status == status && c.UpdatedAt == updatedAt)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UpdatedAt, now), ct);
        if (claimed == 1) db.Entry(contract).Property(c => c.UpdatedAt).OriginalValue = now;
        return claimed == 1;
    }
}

