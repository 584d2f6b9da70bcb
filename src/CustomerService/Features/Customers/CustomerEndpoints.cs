using CustomerService.Common;
using CustomerService.Features.Accounts;
using CustomerService.Features.Billing;
using CustomerService.Features.Meters;
using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CustomerService.Features.Customers;

/// <summary>GET/PUT /api/customer and GET /api/customer/summary: the acting customer's record.</summary>
public static class CustomerEndpoints
{
    public static RouteGroupBuilder MapCustomerEndpoints(this RouteGroupBuilder api)
    {
        var customer = api.MapGroup("/customer").WithTags("Customer");
        customer.MapGet("", Get).WithName("GetCustomer").FindsCustomerInStatement();
        customer.MapPut("", Update).WithName("UpdateCustomer").ProducesProblem(StatusCodes.Status409Conflict);
        customer.MapGet("/summary", Summary).WithName("GetCustomerSummary").FindsCustomerInStatement();
        return api;
    }

    public static async Task<Results<Ok<CustomerResponse>, ProblemHttpResult>> Get(ActingCustomer acting, CustomerDbContext db, IDataProtectionProvider protection, CancellationToken ct) =>
        (await CustomerProfile.GetAsync(acting, db, protection, ct)).ToOkOrProblem();

    public static async Task<Results<Ok<CustomerResponse>, ValidationProblem, ProblemHttpResult>> Update(
        UpdateCustomerRequest? request, ActingCustomer acting, CustomerDbContext db, IDataProtectionProvider protection, TimeProvider time, CancellationToken ct) =>
        (await CustomerProfile.UpdateAsync(request, acting, db, protection, time, ct)).ToOk();

    public static async Task<Results<Ok<CustomerSummaryResponse>, ProblemHttpResult>> Summary(
        ActingCustomer acting, CustomerDbContext db, AccountAccess access, Balances balances, Usage usage, ServiceCalendar calendar, CancellationToken ct) =>
        (await CustomerSummary.GetAsync(acting, db, access, balances, usage, calendar, ct)).ToOkOrProblem();
}
