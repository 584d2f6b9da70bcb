using CustomerService.Common;
using CustomerService.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.Contracts;

public static class ContractEndpoints
{
    public static RouteGroupBuilder MapContractEndpoints(this RouteGroupBuilder api)
    {
        var contracts = api.MapGroup("/contracts").WithTags("Contracts");
        contracts.MapGet("", List).WithName("ListContracts");
        contracts.MapGet("/active", Active).WithName("GetActiveContracts");
        contracts.MapGet("/{contractId:long}", Get).WithName("GetContract");
        contracts.MapGet("/{contractId:long}/accounts", Accounts).WithName("ListContractAccounts");
        contracts.MapPost("/{contractId:long}/renew", RenewContract.Handle).WithName("RenewContract");
        contracts.MapPost("/{contractId:long}/cancel", CancelContract.Handle).WithName("CancelContract");
        return api;
    }

    public static async Task<Ok<ContractListResponse>> List(ActingCustomer acting, ContractAccess access, ServiceCalendar calendar, CancellationToken ct)
    {
        var contracts = await access.VisibleTo(acting.CustomerId).AsNoTracking().OrderByDescending(c => c.StartDate).ThenByDescending(c => c.Id).ToListAsync(ct);
        var ids = contracts.Select(c => c.Id).ToList();
        var counts = await access.AccountCountsAsync(ids, ct);
        var today = calendar.Today;
        return TypedResults.Ok(new ContractListResponse(contracts.Select(c => new ContractListItem(
            c.Id, c.ContractNumber, c.StatusOn(today), c.StartDate, c.EndDate, c.PlanName, counts.GetValueOrDefault(c.Id))).ToList()));
    }

    public static async Task<Ok<ContractDetailListResponse>> Active(ActingCustomer acting, ContractAccess access, ServiceCalendar calendar, CancellationToken ct)
    {
        var today = calendar.Today;
        // Stored active or pending-but-started, and not past the end date (StatusOn decides).
        var candidates = await access.VisibleTo(acting.CustomerId).AsNoTracking()
            .Where(c => (c.Status == ContractStatus.Active || c.Status == ContractStatus.Pending) && c.StartDate <= today && c.EndDate >= today)
            .OrderBy(c => c.EndDate).ToListAsync(ct);
        var responses = new List<ContractResponse>();
        foreach (var c in candidates) responses.Add(await access.ResponseAsync(c, today, ct));
        return TypedResults.Ok(new ContractDetailListResponse(responses));
    }

    public static async Task<Results<Ok<ContractResponse>, ProblemHttpResult>> Get(long contractId, ActingCustomer acting, ContractAccess access, ServiceCalendar calendar, CancellationToken ct)
    {
        var contract = await access.FindAsync(acting.CustomerId, contractId, ct);
        return contract is null ? NotFound(contractId) : TypedResults.Ok(await access.ResponseAsync(contract, calendar.Today, ct));
    }

    public static async Task<Results<Ok<ContractAccountsResponse>, ProblemHttpResult>> Accounts(long contractId, ActingCustomer acting, ContractAccess access, CancellationToken ct)
    {
        var contract = await access.FindAsync(acting.CustomerId, contractId, ct);
        return contract is null ? NotFound(contractId) : TypedResults.Ok(new ContractAccountsResponse(await access.AccountsAsync(contractId, ct)));
    }

    internal static ProblemHttpResult NotFound(long contractId) =>
        Problems.NotFound("Contract not found", $"There is no contract {contractId} among your contracts.");
}
