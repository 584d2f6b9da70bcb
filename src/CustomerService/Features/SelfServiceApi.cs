using CustomerService.Features.Accounts;
using CustomerService.Features.Contracts;
using CustomerService.Features.Customers;
using CustomerService.Features.Meters;
using CustomerService.Features.Preferences;
using CustomerService.Features.Premises;
using CustomerService.Infrastructure.Auth;

namespace CustomerService.Features;

public static class SelfServiceApi
{
    /// <summary>
    /// The self-service API of customer-service.md: a customer's own data, or for csr/admin a selected customer's
    /// (audited). Every route resolves the acting customer first (a read marked FindsCustomerInStatement finds the
    /// signed-in customer inside its own statement instead); resources outside their accounts answer 404.
    /// </summary>
    public static IEndpointRouteBuilder MapSelfServiceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api")
            .RequireAuthorization(AuthorizationPolicies.SelfService)
            .AddEndpointFilter<ActingCustomerFilter>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapCustomerEndpoints();
        api.MapAccountEndpoints();
        api.MapPremiseEndpoints();
        api.MapMeterEndpoints();
        api.MapPreferenceEndpoints();
        api.MapContractEndpoints();
        return app;
    }
}
