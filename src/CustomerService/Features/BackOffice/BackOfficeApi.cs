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

        staff.MapGet("/customers/{customerId:long}/status", CustomerLifecycleEndpoints.GetStatus).WithName("GetCustomerStatus");
        staff.MapPost("/customers/{customerId:long}/status", CustomerLifecycleEndpoints.ChangeStatus).WithName("ChangeCustomerStatus");

        staff.MapGet("/accounts/{accountId:long}/parties", AccountPartyEndpoints.List).WithName("ListAccountParties");
        staff.MapPost("/accounts/{accountId:long}/parties", AccountPartyEndpoints.Add).WithName("AddAccountParty");
        staff.MapDelete("/accounts/{accountId:long}/parties/{customerId:long}/{role}", AccountPartyEndpoints.Remove).WithName("RemoveAccountParty");

        staff.MapGet("/customers/{customerId:long}/invites", InviteEndpoints.List).WithName("ListInvites");
        staff.MapPost("/customers/{customerId:long}/invites", InviteEndpoints.Create).WithName("CreateInvite");

        staff.MapGet("/escos", TariffEndpoints.ListEscos).WithName("ListEscos");
        staff.MapGet("/customers/{customerId:long}/tariffs", TariffEndpoints.CustomerTariffs).WithName("GetCustomerTariffs");
        staff.MapGet("/queries/active-customers-with-tariffs", TariffEndpoints.ActiveCustomersWithTariffs).WithName("ActiveCustomersWithTariffs");
        staff.MapGet("/queries/customers-by-esco", TariffEndpoints.CustomersByEsco).WithName("CustomersByEsco");

        var admin = staff.MapGroup("").RequireAuthorization(AuthorizationPolicies.Admin);
        admin.MapPost("/escos", TariffEndpoints.CreateEsco).WithName("CreateEsco");
        admin.MapPut("/premises/{premiseId:long}/esco", TariffEndpoints.SetPremiseEsco).WithName("SetPremiseEsco");
        admin.MapPost("/escos/{escoId:long}/microgrid-tariffs", TariffEndpoints.CreateMicrogridTariff).WithName("CreateMicrogridTariff");
        admin.MapPost("/benchmark-tariffs", TariffEndpoints.CreateBenchmark).WithName("CreateBenchmarkTariff");
        admin.MapPut("/benchmark-tariffs/{periodStart}", TariffEndpoints.UpdateBenchmark).WithName("UpdateBenchmarkTariff");
        admin.MapPut("/customers/{customerId:long}/tariffs/{periodStart}", TariffEndpoints.SetCustomerDiscount).WithName("SetCustomerDiscount");
        admin.MapGet("/customers/{customerId:long}/export", GdprEndpoints.Export).WithName("ExportCustomerData");
        admin.MapPost("/customers/{customerId:long}/erase", GdprEndpoints.Erase).WithName("EraseCustomer");

        app.MapPost("/api/invites/accept", InviteEndpoints.Accept).RequireAuthorization().WithTags("Invites").WithName("AcceptInvite");
        return app;
    }
}
