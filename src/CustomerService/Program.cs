using CustomerService.Common;
using CustomerService.Features;
using CustomerService.Features.BackOffice;
using CustomerService.Features.BackOffice.Query;
using CustomerService.Features.Billing;
using CustomerService.Infrastructure.Auth;
using CustomerService.Features.Contracts;
using CustomerService.Features.Enrollment;
using CustomerService.Features.ReferenceData;
using CustomerService.Infrastructure;
using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Http;
using CustomerService.Infrastructure.Outbox;
using CustomerService.Infrastructure.Telemetry;
using CustomerService.Portal;

var builder = WebApplication.CreateBuilder(args);

builder.Logging.ClearProviders().AddJsonConsole(o => o.UseUtcTimestamp = true);
builder.AddCustomerDatabase();
builder.AddPersonalDataProtection();
builder.AddIdentityAndAccess();
builder.AddPortalSignIn();
builder.AddHttpApi();
builder.AddRateLimits();
builder.AddHealth();
builder.AddTelemetry();
builder.AddRetailer();
builder.AddFeatures();
builder.AddEventDelivery();
builder.AddContractLifecycleJob();
builder.AddBackOfficeQuery();
builder.AddPortal();

var app = builder.Build();

if (args.Contains("migrate"))
{
    // `CustomerService migrate`: migrates the database (under the migration lock) and exits; a deployment runs it
    // once before starting instances with Database:MigrateOnStart=false.
    await app.Services.MigrateAsync(CancellationToken.None);
    return;
}

await app.MigrateCustomerDatabaseAsync();
await app.SeedDemoReferenceDataAsync();

app.UseHttpApi();
app.UsePortal();
app.UseBackOfficeQuery();
app.UseIdentityAndAccess();
app.UseRateLimiter();

app.MapApiDocumentation();
app.MapHealth();
app.MapTelemetry();
app.MapDevelopmentIdentity();
app.MapPortalSignIn();
app.MapEnrollmentApi();
app.MapSelfServiceApi();
app.MapBillingFacts();
app.MapBackOfficeApi();
app.MapEventEndpoints();
app.MapBackOfficeQuery();
app.MapPortal();

app.Run();

/// <summary>The entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
