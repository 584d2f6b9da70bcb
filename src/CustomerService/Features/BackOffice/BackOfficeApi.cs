using CustomerService.Features.Accounts;
using CustomerService.Features.Customers;
using CustomerService.Features.DataProtection;
using CustomerService.Features.Invites;
using CustomerService.Features.Tariffs;
using CustomerService.Infrastructure.Auth;

namespace CustomerService.Features.BackOffice;

public static class BackOfficeApi
{
    /// <summary>
    /// The back office (customer-management.md) under /api/backoffice, a table of the staff routes and the features
    /// that answer them: csr and admin run the lifecycle (Customers), account parties (Accounts) and invites; admin
    /// alone changes pricing (Tariffs) and answers data-protection requests. The PostgREST-style interface is Query/.
    /// </summary>
    public static IEndpointRouteBuilder MapBackOfficeApi(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/backoffice").RequireAuthorization(AuthorizationPolicies.Staff).WithTags("Back office");

        staff.MapCustomerLifecycleEndpoints();
        staff.MapAccountPartyEndpoints();

        staff.MapInviteEndpoints(app);
        var admin = staff.MapGroup("").RequireAuthorization(AuthorizationPolicies.Admin);
        staff.MapTariffEndpoints(admin);
        admin.MapGdprEndpoints();
        return app;
    }
}
