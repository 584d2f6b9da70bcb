using CustomerService.Common;
using CustomerService.Features.Plans;
using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CustomerService.Features.Contracts;

/// <summary>/api/contracts: reads answered by <see cref="CustomerContracts"/>, renew and cancel by their use cases.</summary>
public static class ContractEndpoints
{
    public static RouteGroupBuilder MapContractEndpoints(this RouteGroupBuilder api)
    {
        var contracts = api.MapGroup("/contracts").WithTags("Contracts");
        contracts.MapGet("", List).WithName("ListContracts").FindsCustomerInStatement();
        contracts.MapGet("/active", Active).WithName("GetActiveContracts").FindsCustomerInStatement();
        contracts.MapGet("/{contractId:long}", Get).WithName("GetContract").FindsCustomerInStatement();
        contracts.MapGet("/{contractId:long}/accounts", Accounts).WithName("ListContractAccounts").FindsCustomerInStatement();
        contracts.MapPost("/{contractId:long}/renew", Renew).WithName("RenewContract").ProducesProblem(StatusCodes.Status409Conflict);
        contracts.MapPost("/{contractId:long}/cancel", Cancel).WithName("CancelContract").ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<Results<Ok<ContractListResponse>, ProblemHttpResult>> List(ActingCustomer acting, ContractAccess access, ServiceCalendar calendar, CancellationToken ct) =>
        (await CustomerContracts.ListAsync(acting, access, calendar, ct)).ToOkOrProblem();

    public static async Task<Results<Ok<ContractDetailListResponse>, ProblemHttpResult>> Active(ActingCustomer acting, ContractAccess access, ServiceCalendar calendar, CancellationToken ct) =>
        (await CustomerContracts.ActiveAsync(acting, access, calendar, ct)).ToOkOrProblem();

    public static async Task<Results<Ok<ContractResponse>, ProblemHttpResult>> Get(long contractId, ActingCustomer acting, ContractAccess access, ServiceCalendar calendar, CancellationToken ct) =>
        (await CustomerContracts.GetAsync(contractId, acting, access, calendar, ct)).ToOkOrProblem();

    public static async Task<Results<Ok<ContractAccountsResponse>, ProblemHttpResult>> Accounts(long contractId, ActingCustomer acting, ContractAccess access, CancellationToken ct) =>
        (await CustomerContracts.AccountsAsync(contractId, acting, access, ct)).ToOkOrProblem();

    public static async Task<Results<Created<ContractResponse>, ValidationProblem, ProblemHttpResult>> Renew(
        long contractId, RenewContractRequest? request, ActingCustomer acting, ContractAccess access, PlanCatalog catalog, NumberSequences numbers,
        CustomerDbContext db, ServiceCalendar calendar, CancellationToken ct) =>
        (await RenewContract.HandleAsync(contractId, request, acting, access, catalog, numbers, db, calendar, ct)).ToCreated(renewal => $"/api/contracts/{renewal.ContractId}");

    public static async Task<Results<Ok<CancelContractResponse>, ValidationProblem, ProblemHttpResult>> Cancel(
        long contractId, CancelContractRequest? request, ActingCustomer acting, ContractAccess access, CustomerDbContext db, ServiceCalendar calendar, CancellationToken ct) =>
        (await CancelContract.HandleAsync(contractId, request, acting, access, db, calendar, ct)).ToOk();
}
