using CustomerService.Common;
using CustomerService.Features.Accounts;
using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CustomerService.Features.Meters;

/// <summary>/api/meters: answered by <see cref="CustomerMeters"/>.</summary>
public static class MeterEndpoints
{
    public static RouteGroupBuilder MapMeterEndpoints(this RouteGroupBuilder api)
    {
        var meters = api.MapGroup("/meters").WithTags("Meters").ProducesProblem(StatusCodes.Status403Forbidden);
        meters.MapGet("/{meterId:long}", Get).WithName("GetMeter").FindsCustomerInStatement();
        meters.MapGet("/{meterId:long}/readings", Readings).WithName("GetMeterReadings").FindsCustomerInStatement();
        return api;
    }

    public static async Task<Results<Ok<MeterDetailResponse>, ProblemHttpResult>> Get(long meterId, ActingCustomer acting, AccountAccess access, CustomerDbContext db, CancellationToken ct) =>
        (await CustomerMeters.GetAsync(meterId, acting, access, db, ct)).ToOkOrProblem();

    /// <summary>Reading history, newest first, between from and to (inclusive), paged.</summary>
    public static async Task<Results<Ok<MeterReadingsResponse>, ValidationProblem, ProblemHttpResult>> Readings(
        long meterId, DateOnly? from, DateOnly? to, int? page, int? pageSize, ActingCustomer acting, AccountAccess access, CustomerDbContext db, CancellationToken ct) =>
        (await CustomerMeters.ReadingsAsync(meterId, from, to, page, pageSize, acting, access, db, ct)).ToOk();
}
