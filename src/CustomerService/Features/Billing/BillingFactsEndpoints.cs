using CustomerService.Common;
using CustomerService.Features.Meters;
using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.Billing;

public sealed record BillsUpload(List<BillInput>? Bills);
public sealed record BillInput(string? BillNumber, string? AccountNumber, DateOnly? IssueDate, DateOnly? DueDate, decimal? Amount, string? Status);
public sealed record PaymentsUpload(List<PaymentInput>? Payments);
public sealed record PaymentInput(string? Reference, string? AccountNumber, DateOnly? PaymentDate, decimal? Amount);
public sealed record ReadsUpload(List<ReadInput>? Reads);
public sealed record ReadInput(string? MeterNumber, DateOnly? ReadDate, decimal? CumulativeKwh);

/// <summary>How many records an upload inserted and how many it updated.</summary>
public sealed record UpsertResult(int Received, int Created, int Updated);

/// <summary>
/// Billing and metering own money and usage; they push their facts here (role <c>service</c>), in bulk, as
/// idempotent upserts keyed by their natural identifiers: bill number, payment reference, meter number + read date.
/// </summary>
public static class BillingFactsEndpoints
{
    public const int MaxBatch = 1000;

    public static IEndpointRouteBuilder MapBillingFacts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Billing and metering facts").RequireAuthorization(AuthorizationPolicies.Service)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(1024 * 1024));
        group.MapPost("/billing/bills", UpsertBills).WithName("UpsertBills");
        group.MapPost("/billing/payments", UpsertPayments).WithName("UpsertPayments");
        group.MapPost("/metering/reads", UpsertReads).WithName("UpsertMeterReads");
        return app;
    }

    public static async Task<Results<Ok<UpsertResult>, ValidationProblem, ProblemHttpResult>> UpsertBills(BillsUpload? upload, CustomerDbContext db, TimeProvider time, CancellationToken ct)
    {
        var items = upload?.Bills ?? [];
        var errors = BatchErrors(items.Count, "bills");
        var accounts = await AccountIdsAsync(db, items.Select(b => b.AccountNumber), ct);
        for (var i = 0; i < items.Count; i++)
        {
            var (b, path) = (items[i], $"bills[{i}]");
            Text.Required(b.BillNumber, $"{path}.billNumber", "Bill number", 50, errors);
            if (b.AccountNumber is null || !accounts.ContainsKey(b.AccountNumber)) errors.Add($"{path}.accountNumber", $"No account {Shown(b.AccountNumber)}.");
            if (b.IssueDate is null) errors.Add($"{path}.issueDate", "Issue date is required.");
            if (b.DueDate is null) errors.Add($"{path}.dueDate", "Due date is required.");
            else if (b.IssueDate is not null && b.DueDate < b.IssueDate) errors.Add($"{path}.dueDate", "A bill is due on or after its issue date.");
            if (b.Amount is null or < 0) errors.Add($"{path}.amount", "Amount is a non-negative number of dollars.");
            DecimalColumn.Money.Check(b.Amount, $"{path}.amount", "Amount", errors);
            if (b.Status is null || !BillStatus.All.Contains(b.Status)) errors.Add($"{path}.status", "Status is paid, unpaid or overdue.");
        }
        Duplicates(items.Select(b => b.BillNumber), "bills", "billNumber", errors);
        if (!errors.IsEmpty) return Problems.Validation(errors);

        var now = time.GetUtcNow().UtcDateTime;
        var numbers = items.Select(b => b.BillNumber!.Trim()).ToList();
        var existing = await db.Bills.Where(b => numbers.Contains(b.BillNumber)).ToDictionaryAsync(b => b.BillNumber, ct);
        foreach (var b in items)
        {
            var bill = existing.GetValueOrDefault(b.BillNumber!.Trim()) ?? db.Bills.Add(new Bill { BillNumber = b.BillNumber.Trim(), Status = b.Status! }).Entity;
            (bill.AccountId, bill.IssueDate, bill.DueDate, bill.Amount, bill.Status, bill.UpdatedAt) =
                (accounts[b.AccountNumber!], b.IssueDate!.Value, b.DueDate!.Value, b.Amount!.Value, b.Status!, now);
        }
        return await SaveAsync(db, new UpsertResult(items.Count, items.Count - existing.Count, existing.Count), ct);
    }

    public static async Task<Results<Ok<UpsertResult>, ValidationProblem, ProblemHttpResult>> UpsertPayments(PaymentsUpload? upload, CustomerDbContext db, TimeProvider time, CancellationToken ct)
    {
        var items = upload?.Payments ?? [];
        var errors = BatchErrors(items.Count, "payments");
        var accounts = await AccountIdsAsync(db, items.Select(p => p.AccountNumber), ct);
        for (var i = 0; i < items.Count; i++)
        {
            var (p, path) = (items[i], $"payments[{i}]");
            Text.Required(p.Reference, $"{path}.reference", "Payment reference", 50, errors);
            if (p.AccountNumber is null || !accounts.ContainsKey(p.AccountNumber)) errors.Add($"{path}.accountNumber", $"No account {Shown(p.AccountNumber)}.");
            if (p.PaymentDate is null) errors.Add($"{path}.paymentDate", "Payment date is required.");
            if (p.Amount is null or <= 0) errors.Add($"{path}.amount", "Amount is a positive number of dollars.");
            DecimalColumn.Money.Check(p.Amount, $"{path}.amount", "Amount", errors);
        }
        Duplicates(items.Select(p => p.Reference), "payments", "reference", errors);
        if (!errors.IsEmpty) return Problems.Validation(errors);

        var now = time.GetUtcNow().UtcDateTime;
        var references = items.Select(p => p.Reference!.Trim()).ToList();
        var existing = await db.Payments.Where(p => references.Contains(p.Reference)).ToDictionaryAsync(p => p.Reference, ct);
        foreach (var p in items)
        {
            var payment = existing.GetValueOrDefault(p.Reference!.Trim()) ?? db.Payments.Add(new Payment { Reference = p.Reference.Trim() }).Entity;
            (payment.AccountId, payment.PaymentDate, payment.Amount, payment.UpdatedAt) = (accounts[p.AccountNumber!], p.PaymentDate!.Value, p.Amount!.Value, now);
        }
        return await SaveAsync(db, new UpsertResult(items.Count, items.Count - existing.Count, existing.Count), ct);
    }

    public static async Task<Results<Ok<UpsertResult>, ValidationProblem, ProblemHttpResult>> UpsertReads(ReadsUpload? upload, CustomerDbContext db, TimeProvider time, CancellationToken ct)
    {
        var items = upload?.Reads ?? [];
        var errors = BatchErrors(items.Count, "reads");
        var numbers = items.Select(r => r.MeterNumber).OfType<string>().Distinct().ToList();
        var meters = await db.Meters.Where(m => numbers.Contains(m.MeterNumber)).ToDictionaryAsync(m => m.MeterNumber, m => m.Id, ct);
        for (var i = 0; i < items.Count; i++)
        {
            var (r, path) = (items[i], $"reads[{i}]");
            if (r.MeterNumber is null || !meters.ContainsKey(r.MeterNumber)) errors.Add($"{path}.meterNumber", $"No meter {Shown(r.MeterNumber)}.");
            if (r.ReadDate is null) errors.Add($"{path}.readDate", "Read date is required.");
            if (r.CumulativeKwh is null or < 0) errors.Add($"{path}.cumulativeKwh", "The register reading is a non-negative number of kWh.");
            DecimalColumn.Kwh.Check(r.CumulativeKwh, $"{path}.cumulativeKwh", "The register reading", errors);
        }
        Duplicates(items.Select(r => $"{r.MeterNumber}@{r.ReadDate:yyyy-MM-dd}"), "reads", "readDate", errors);
        if (!errors.IsEmpty) return Problems.Validation(errors);

        var now = time.GetUtcNow().UtcDateTime;
        var meterIds = meters.Values.ToList();
        var dates = items.Select(r => r.ReadDate!.Value).Distinct().ToList();
        var existing = (await db.MeterReads.Where(r => meterIds.Contains(r.MeterId) && dates.Contains(r.ReadDate)).ToListAsync(ct))
            .ToDictionary(r => (r.MeterId, r.ReadDate));
        foreach (var r in items)
        {
            var key = (meters[r.MeterNumber!], r.ReadDate!.Value);
            var read = existing.GetValueOrDefault(key) ?? db.MeterReads.Add(new MeterRead { MeterId = key.Item1, ReadDate = key.Item2 }).Entity;
            (read.CumulativeKwh, read.UpdatedAt) = (r.CumulativeKwh!.Value, now);
        }
        return await SaveAsync(db, new UpsertResult(items.Count, items.Count - existing.Count, existing.Count), ct);
    }

    /// <summary>
    /// One batch is one transaction. Two uploads racing to insert the same new key: the loser gets 409 and, the
    /// upsert being idempotent, simply sends its batch again.
    /// </summary>
    private static async Task<Results<Ok<UpsertResult>, ValidationProblem, ProblemHttpResult>> SaveAsync(CustomerDbContext db, UpsertResult result, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok(result);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return Problems.Conflict("Concurrent upload", "Another upload inserted some of these records at the same moment. Send the batch again: it is an idempotent upsert.");
        }
    }

    /// <summary>An identifier echoed in an error, cut short so a hostile 10k-character value is not sent back whole.</summary>
    private static string? Shown(string? value) => value is { Length: > 60 } ? value[..60] + "…" : value;

    private static ValidationErrors BatchErrors(int count, string name)
    {
        var errors = new ValidationErrors();
        if (count == 0) errors.Add(name, $"Send at least one item in '{name}'.");
        else if (count > MaxBatch) errors.Add(name, $"At most {MaxBatch} items per request.");
        return errors;
    }

    private static void Duplicates(IEnumerable<string?> keys, string list, string field, ValidationErrors errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var key in keys)
        {
            if (key is not null && !seen.Add(key.Trim())) errors.Add($"{list}[{i}].{field}", "This item appears twice in the batch.");
            i++;
        }
    }

    private static async Task<Dictionary<string, long>> AccountIdsAsync(CustomerDbContext db, IEnumerable<string?> numbers, CancellationToken ct)
    {
        var list = numbers.OfType<string>().Distinct().ToList();
        return await db.Accounts.Where(a => list.Contains(a.AccountNumber)).ToDictionaryAsync(a => a.AccountNumber, a => a.Id, ct);
    }
}
