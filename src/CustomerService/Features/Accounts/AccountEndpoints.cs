using CustomerService.Common;
using CustomerService.Features.Billing;
using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CustomerService.Features.Accounts;

/// <summary>/api/accounts: answered by <see cref="CustomerAccounts"/>.</summary>
public static class AccountEndpoints
{
    public static RouteGroupBuilder MapAccountEndpoints(this RouteGroupBuilder api)
    {
        // 403: a role that may see the account but not this part of it (a landlord asking for balances).
        var accounts = api.MapGroup("/accounts").WithTags("Accounts").ProducesProblem(StatusCodes.Status403Forbidden);
        accounts.MapGet("", List).WithName("ListAccounts").FindsCustomerInStatement();
        accounts.MapGet("/{accountId:long}", Get).WithName("GetAccount").FindsCustomerInStatement();
        accounts.MapPut("/{accountId:long}", Update).WithName("UpdateAccount");
        accounts.MapGet("/{accountId:long}/summary", Summary).WithName("GetAccountSummary").FindsCustomerInStatement();
        accounts.MapGet("/{accountId:long}/premises", Premises).WithName("ListAccountPremises").FindsCustomerInStatement();
        return api;
    }

    public static async Task<Results<Ok<AccountListResponse>, ProblemHttpResult>> List(ActingCustomer acting, AccountAccess access, CustomerDbContext db, CancellationToken ct) =>
        (await CustomerAccounts.ListAsync(acting, access, db, ct)).ToOkOrProblem();

    public static async Task<Results<Ok<AccountDetailResponse>, ProblemHttpResult>> Get(
        long accountId, ActingCustomer acting, AccountAccess access, Balances balances, CustomerDbContext db, CancellationToken ct) =>
        (await CustomerAccounts.GetAsync(accountId, acting, access, balances, db, ct)).ToOkOrProblem();

    public static async Task<Results<Ok<AccountDetailResponse>, ValidationProblem, ProblemHttpResult>> Update(
        long accountId, UpdateAccountRequest? request, ActingCustomer acting, AccountAccess access, Balances balances, CustomerDbContext db,
        TimeProvider time, CancellationToken ct) =>
        (await CustomerAccounts.UpdateAsync(accountId, request, acting, access, balances, db, time, ct)).ToOk();

    public static async Task<Results<Ok<AccountSummaryResponse>, ProblemHttpResult>> Summary(
        long accountId, ActingCustomer acting, AccountAccess access, Balances balances, CustomerDbContext db, CancellationToken ct) =>
        (await CustomerAccounts.SummaryAsync(accountId, acting, access, balances, db, ct)).ToOkOrProblem();

    public static async Task<Results<Ok<PremiseListResponse>, ProblemHttpResult>> Premises(
        long accountId, ActingCustomer acting, AccountAccess access, CustomerDbContext db, CancellationToken ct) =>
        (await CustomerAccounts.PremisesAsync(accountId, acting, access, db, ct)).ToOkOrProblem();
}
