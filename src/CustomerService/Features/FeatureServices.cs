using CustomerService.Common;
using CustomerService.Features.Accounts;
using CustomerService.Features.Billing;
using CustomerService.Features.Contracts;
using CustomerService.Features.Meters;
using CustomerService.Features.Enrollment;
using CustomerService.Features.Plans;
using CustomerService.Features.ReferenceData;
using CustomerService.Features.ServicePoints;
using CustomerService.Infrastructure.Outbox;

namespace CustomerService.Features;

public static class FeatureServices
{
    public static WebApplicationBuilder AddFeatures(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ServiceCalendar>();
        builder.Services.AddOptions<ReferenceDataOptions>().Bind(builder.Configuration.GetSection(ReferenceDataOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ReferenceDataCache>();
        builder.Services.AddSingleton<ReferenceDataChanges>();
        builder.Services.AddHostedService<ReferenceDataListener>();
        builder.Services.AddOptions<EventOptions>().Bind(builder.Configuration.GetSection(EventOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxWriter>();
        builder.Services.AddScoped<PlanCatalog>();
        // The plan documents are Razor components, rendered by the plan endpoints.
        builder.Services.AddRazorComponents();
        builder.Services.AddScoped<ServiceAddressLookup>();
        builder.Services.AddScoped<EnrollmentReferences>();
        builder.Services.AddScoped<EnrollmentIdempotency>();
        builder.Services.AddScoped<SubmitEnrollment>();
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<EnrollmentMetrics>();
        builder.Services.AddOptions<IdempotencyOptions>().Bind(builder.Configuration.GetSection(IdempotencyOptions.Section));
        builder.Services.AddSingleton<IdempotencyKeyPruner>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<IdempotencyKeyPruner>());
        builder.Services.AddScoped<AccountAccess>();
        builder.Services.AddScoped<CustomerService.Infrastructure.Auth.CustomerLinks>();
        builder.Services.AddScoped<ContractAccess>();
        builder.Services.AddScoped<Balances>();
        builder.Services.AddScoped<Usage>();
        builder.Services.AddScoped<Tariffs.Tariffs>();
        builder.Services.AddOptions<Invites.InviteOptions>().Bind(builder.Configuration.GetSection(Invites.InviteOptions.Section));
        return builder;
    }
}
