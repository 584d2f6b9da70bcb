using CustomerService.Common;
using CustomerService.Features.Accounts;
using CustomerService.Features.Customers;
using CustomerService.Infrastructure.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.Tariffs;

public sealed record EscoRequest(string? Code, string? Name);
public sealed record EscoResponse(long Id, string Code, string Name);
public sealed record EscoListResponse(IReadOnlyList<EscoResponse> Escos);
public sealed record PremiseEscoRequest(long? EscoId);
public sealed record MicrogridTariffRequest(DateOnly? PeriodStart, int? DefaultDiscountBasisPoints);
public sealed record MicrogridTariffResponse(long Id, long EscoId, DateOnly PeriodStart, int DefaultDiscountBasisPoints);
public sealed record BenchmarkTariffRequest(DateOnly? PeriodStart, decimal? UnitRate, decimal? StandingCharge);
public sealed record BenchmarkTariffResponse(long Id, DateOnly PeriodStart, decimal UnitRate, decimal StandingCharge, int CustomerTariffsCreated);
public sealed record CustomerDiscountRequest(int? DiscountRateBasisPoints);
public sealed record CustomerTariffResponse(long Customer, DateOnly PeriodStart, int DiscountRateBasisPoints, decimal ComputedUnitRate, decimal ComputedStandingCharge);
public sealed record CustomerTariffListResponse(IReadOnlyList<CustomerTariffResponse> Tariffs);
public sealed record ActiveCustomerTariff(long Id, string Email, string Name, decimal? ComputedUnitRate, decimal? ComputedStandingCharge);
public sealed record ActiveCustomersResponse(DateOnly On, IReadOnlyList<ActiveCustomerTariff> Customers);
public sealed record EscoCustomer(long Id, string Email, string Name, string Status, string EscoCode);
public sealed record EscoCustomersResponse(IReadOnlyList<EscoCustomer> Customers);

/// <summary>ESCOs, their premises, benchmark, microgrid and customer tariffs, and customer-management.md's two common queries.</summary>
public static class TariffEndpoints
{
    /// <summary>Staff read ESCOs and tariffs; admin alone changes pricing.</summary>
    public static RouteGroupBuilder MapTariffEndpoints(this RouteGroupBuilder staff, RouteGroupBuilder admin)
    {
        staff.MapGet("/escos", ListEscos).WithName("ListEscos");
        staff.MapGet("/customers/{customerId:long}/tariffs", CustomerTariffs).WithName("GetCustomerTariffs");
        staff.MapGet("/queries/active-customers-with-tariffs", ActiveCustomersWithTariffs).WithName("ActiveCustomersWithTariffs");
        staff.MapGet("/queries/customers-by-esco", CustomersByEsco).WithName("CustomersByEsco");
        admin.MapPost("/escos", CreateEsco).WithName("CreateEsco");
        admin.MapPut("/premises/{premiseId:long}/esco", SetPremiseEsco).WithName("SetPremiseEsco");
        admin.MapPost("/escos/{escoId:long}/microgrid-tariffs", CreateMicrogridTariff).WithName("CreateMicrogridTariff");
        admin.MapPost("/benchmark-tariffs", CreateBenchmark).WithName("CreateBenchmarkTariff");
        admin.MapPut("/benchmark-tariffs/{periodStart}", UpdateBenchmark).WithName("UpdateBenchmarkTariff");
        admin.MapPut("/customers/{customerId:long}/tariffs/{periodStart}", SetCustomerDiscount).WithName("SetCustomerDiscount");
        return staff;
    }

    public static async Task<Ok<EscoListResponse>> ListEscos(CustomerDbContext db, CancellationToken ct) =>
        TypedResults.Ok(new EscoListResponse(await db.Escos.AsNoTracking().OrderBy(e => e.Code).Select(e => new EscoResponse(e.Id, e.Code, e.Name)).ToListAsync(ct)));

    public static async Task<Results<Created<EscoResponse>, ValidationProblem, ProblemHttpResult>> CreateEsco(EscoRequest? request, CustomerDbContext db, TimeProvider time, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        Text.Required(request?.Code, "code", "Code", 32, errors);
        Text.Required(request?.Name, "name", "Name", 200, errors);
        if (!errors.IsEmpty) return Problems.Validation(errors);
        var code = request!.Code!.Trim().ToUpperInvariant();
        if (await db.Escos.AnyAsync(e => e.Code == code, ct)) return Problems.Conflict("ESCO exists", $"An ESCO with code {code} exists.");
        var esco = db.Escos.Add(new Esco { Code = code, Name = request.Name!.Trim(), CreatedAt = time.GetUtcNow().UtcDateTime }).Entity;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return Problems.Conflict("ESCO exists", $"An ESCO with code {code} exists.");
        }
        return TypedResults.Created($"/api/backoffice/escos/{esco.Id}", new EscoResponse(esco.Id, esco.Code, esco.Name));
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SetPremiseEsco(long premiseId, PremiseEscoRequest? request, CustomerDbContext db, CancellationToken ct)
    {
        var premise = await db.Premises.FirstOrDefaultAsync(p => p.Id == premiseId, ct);
        if (premise is null) return Problems.NotFound("Premise not found", $"There is no premise {premiseId}.");
        if (request?.EscoId is { } escoId && !await db.Escos.AnyAsync(e => e.Id == escoId, ct))
        {
            var errors = new ValidationErrors();
            errors.Add("escoId", $"There is no ESCO {escoId}.");
            return Problems.Validation(errors);
        }
        premise.EscoId = request?.EscoId;
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Created<MicrogridTariffResponse>, ValidationProblem, ProblemHttpResult>> CreateMicrogridTariff(
        long escoId, MicrogridTariffRequest? request, CustomerDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (!await db.Escos.AnyAsync(e => e.Id == escoId, ct)) return Problems.NotFound("ESCO not found", $"There is no ESCO {escoId}.");
        var errors = new ValidationErrors();
        if (request?.PeriodStart is null) errors.Add("periodStart", "Period start is required (YYYY-MM-DD).");
        if (request?.DefaultDiscountBasisPoints is not (>= 0 and <= TariffCalculator.MaxBasisPoints)) errors.Add("defaultDiscountBasisPoints", "A discount is 0 to 10000 basis points.");
        if (!errors.IsEmpty) return Problems.Validation(errors);
        if (await db.MicrogridTariffs.AnyAsync(m => m.EscoId == escoId && m.PeriodStart == request!.PeriodStart, ct))
            return Problems.Conflict("Tariff exists", $"ESCO {escoId} already has a microgrid tariff from {request!.PeriodStart:yyyy-MM-dd}.");
        var tariff = db.MicrogridTariffs.Add(new MicrogridTariff { EscoId = escoId, PeriodStart = request!.PeriodStart!.Value, DefaultDiscountBasisPoints = request.DefaultDiscountBasisPoints!.Value, CreatedAt = time.GetUtcNow().UtcDateTime }).Entity;
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/backoffice/escos/{escoId}/microgrid-tariffs", new MicrogridTariffResponse(tariff.Id, escoId, tariff.PeriodStart, tariff.DefaultDiscountBasisPoints));
    }

    public static async Task<Results<Created<BenchmarkTariffResponse>, ValidationProblem, ProblemHttpResult>> CreateBenchmark(
        BenchmarkTariffRequest? request, CustomerDbContext db, Tariffs tariffs, TimeProvider time, CancellationToken ct)
    {
        var errors = ValidateBenchmark(request);
        if (!errors.IsEmpty) return Problems.Validation(errors);
        return await db.InTransactionAsync<Results<Created<BenchmarkTariffResponse>, ValidationProblem, ProblemHttpResult>>(async (tx, ct) =>
        {
            if (await db.BenchmarkTariffs.AnyAsync(b => b.PeriodStart == request!.PeriodStart, ct))
                return Problems.Conflict("Benchmark exists", $"A benchmark tariff from {request!.PeriodStart:yyyy-MM-dd} exists; change it with PUT.");
            var benchmark = db.BenchmarkTariffs.Add(new BenchmarkTariff
            {
                PeriodStart = request!.PeriodStart!.Value, UnitRate = request.UnitRate!.Value, StandingCharge = request.StandingCharge!.Value, CreatedAt = time.GetUtcNow().UtcDateTime,
            }).Entity;
            await db.SaveChangesAsync(ct);
            var created = await tariffs.ApplyBenchmarkAsync(benchmark, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return TypedResults.Created($"/api/backoffice/benchmark-tariffs/{benchmark.PeriodStart:yyyy-MM-dd}",
                new BenchmarkTariffResponse(benchmark.Id, benchmark.PeriodStart, benchmark.UnitRate, benchmark.StandingCharge, created));
        }, ct);
    }

    /// <summary>Changes a benchmark's rates; every customer tariff it stands behind is recomputed.</summary>
    public static async Task<Results<Ok<BenchmarkTariffResponse>, ValidationProblem, ProblemHttpResult>> UpdateBenchmark(
        DateOnly periodStart, BenchmarkTariffRequest? request, CustomerDbContext db, Tariffs tariffs, CancellationToken ct)
    {
        var errors = ValidateBenchmark((request ?? new BenchmarkTariffRequest(null, null, null)) with { PeriodStart = periodStart });
        if (!errors.IsEmpty) return Problems.Validation(errors);
        return await db.InTransactionAsync<Results<Ok<BenchmarkTariffResponse>, ValidationProblem, ProblemHttpResult>>(async (tx, ct) =>
        {
            var benchmark = await db.BenchmarkTariffs.FirstOrDefaultAsync(b => b.PeriodStart == periodStart, ct);
            if (benchmark is null) return Problems.NotFound("Benchmark not found", $"There is no benchmark tariff from {periodStart:yyyy-MM-dd}.");
            (benchmark.UnitRate, benchmark.StandingCharge) = (request!.UnitRate!.Value, request.StandingCharge!.Value);
            await db.SaveChangesAsync(ct);
            var created = await tariffs.ApplyBenchmarkAsync(benchmark, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return TypedResults.Ok(new BenchmarkTariffResponse(benchmark.Id, benchmark.PeriodStart, benchmark.UnitRate, benchmark.StandingCharge, created));
        }, ct);
    }

    public static async Task<Results<Ok<CustomerTariffResponse>, ValidationProblem, ProblemHttpResult>> SetCustomerDiscount(
        long customerId, DateOnly periodStart, CustomerDiscountRequest? request, CustomerDbContext db, Tariffs tariffs, CancellationToken ct)
    {
        if (request?.DiscountRateBasisPoints is not (>= 0 and <= TariffCalculator.MaxBasisPoints))
        {
            var errors = new ValidationErrors();
            errors.Add("discountRateBasisPoints", "A discount is 0 to 10000 basis points.");
            return Problems.Validation(errors);
        }
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct)) return Problems.NotFound("Customer not found", $"There is no customer {customerId}.");
        return await db.InTransactionAsync<Results<Ok<CustomerTariffResponse>, ValidationProblem, ProblemHttpResult>>(async (tx, ct) =>
        {
            var tariff = await tariffs.SetDiscountAsync(customerId, periodStart, request.DiscountRateBasisPoints.Value, "Discount changed", ct);
            if (tariff is null) return Problems.Conflict("No benchmark in force", $"No benchmark tariff is in force on {periodStart:yyyy-MM-dd}; add one first.");
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return TypedResults.Ok(Response(tariff));
        }, ct);
    }

    /// <summary>All of a customer's tariffs, newest first, or with ?on=YYYY-MM-DD the one in force that day.</summary>
    public static async Task<Results<Ok<CustomerTariffListResponse>, ProblemHttpResult>> CustomerTariffs(long customerId, DateOnly? on, CustomerDbContext db, Tariffs tariffs, CancellationToken ct)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct)) return Problems.NotFound("Customer not found", $"There is no customer {customerId}.");
        if (on is { } day)
        {
            var inForce = await tariffs.InForceAsync(customerId, day, ct);
            return TypedResults.Ok(new CustomerTariffListResponse(inForce is null ? [] : [Response(inForce)]));
        }
        var all = await db.CustomerTariffs.AsNoTracking().Where(t => t.Customer == customerId).OrderByDescending(t => t.PeriodStart).ToListAsync(ct);
        return TypedResults.Ok(new CustomerTariffListResponse(all.Select(Response).ToList()));
    }

    /// <summary>customer-management.md: live customers with the tariff in force today (or ?on=), null rates when none.</summary>
    public static async Task<Ok<ActiveCustomersResponse>> ActiveCustomersWithTariffs(DateOnly? on, CustomerDbContext db, Common.ServiceCalendar calendar, CancellationToken ct)
    {
        var day = on ?? calendar.Today;
        var rows = await db.Customers.AsNoTracking().Where(c => c.Status == CustomerLifecycle.Live).OrderBy(c => c.Id)
            .Select(c => new
            {
                c.Id, c.Email, c.Name,
                Tariff = db.CustomerTariffs.Where(t => t.Customer == c.Id && t.PeriodStart <= day).OrderByDescending(t => t.PeriodStart)
                    .Select(t => new { t.ComputedUnitRate, t.ComputedStandingCharge }).FirstOrDefault(),
            }).ToListAsync(ct);
        return TypedResults.Ok(new ActiveCustomersResponse(day, rows.Select(r => new ActiveCustomerTariff(r.Id, r.Email, r.Name, r.Tariff?.ComputedUnitRate, r.Tariff?.ComputedStandingCharge)).ToList()));
    }

    /// <summary>customer-management.md: occupiers of accounts whose premises belong to an ESCO, with its code; ?esco=CODE narrows it.</summary>
    public static async Task<Ok<EscoCustomersResponse>> CustomersByEsco(string? esco, CustomerDbContext db, CancellationToken ct)
    {
        var code = esco?.Trim().ToUpperInvariant();
        var rows = await (from c in db.Customers
                          join p in db.AccountParties on c.Id equals p.Customer
                          join premise in db.Premises on p.Account equals premise.AccountId
                          join e in db.Escos on premise.EscoId equals e.Id
                          where p.Role == AccountRoles.Occupier && (code == null || e.Code == code)
                          select new EscoCustomer(c.Id, c.Email, c.Name, c.Status, e.Code)).Distinct().AsNoTracking().ToListAsync(ct);
        return TypedResults.Ok(new EscoCustomersResponse(rows.OrderBy(r => r.EscoCode, StringComparer.Ordinal).ThenBy(r => r.Id).ToList()));
    }

    private static ValidationErrors ValidateBenchmark(BenchmarkTariffRequest? r)
    {
        var errors = new ValidationErrors();
        if (r?.PeriodStart is null) errors.Add("periodStart", "Period start is required (YYYY-MM-DD).");
        if (r?.UnitRate is not > 0) errors.Add("unitRate", "The unit rate per kWh is a positive number.");
        if (r?.StandingCharge is not >= 0) errors.Add("standingCharge", "The daily standing charge is zero or more.");
        DecimalColumn.TariffRate.Check(r?.UnitRate, "unitRate", "The unit rate", errors);
        DecimalColumn.TariffRate.Check(r?.StandingCharge, "standingCharge", "The standing charge", errors);
        return errors;
    }

    private static CustomerTariffResponse Response(CustomerTariff t) =>
        new(t.Customer, t.PeriodStart, t.DiscountRateBasisPoints, Decimals.Trim(t.ComputedUnitRate), Decimals.Trim(t.ComputedStandingCharge));
}
