using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerService.Common;
using CustomerService.Features.Audit;
using CustomerService.Features.Customers;
using CustomerService.Features.Enrollment;
using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Outbox;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.DataProtection;

public sealed record ErasureResponse(long CustomerId, string Status, DateTime ErasedAt, IReadOnlyList<string> Kept);

/// <summary>
/// GDPR for admins: export everything held about a customer as one JSON document (the tax id in clear, the only
/// place it is); erase a customer by tombstoning personal fields and closing them while financial and contract
/// records stay.
/// </summary>
public static class GdprEndpoints
{
    /// <summary>Admin answers data-protection requests: export and erasure.</summary>
    public static RouteGroupBuilder MapGdprEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/customers/{customerId:long}/export", Export).WithName("ExportCustomerData");
        admin.MapPost("/customers/{customerId:long}/erase", Erase).WithName("EraseCustomer");
        return admin;
    }

    public static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> Export(
        long customerId, HttpContext http, CustomerDbContext db, IDataProtectionProvider protection, TimeProvider time, CancellationToken ct)
    {
        var c = await db.Customers.AsNoTracking().FirstOrDefaultAsync(x => x.Id == customerId, ct);
        if (c is null) return Problems.NotFound("Customer not found", $"There is no customer {customerId}.");
        await LogAccessAsync(db, http, customerId, "GDPR export", time, ct);

        var parties = await db.AccountParties.AsNoTracking().Where(p => p.Customer == customerId).ToListAsync(ct);
        var accountIds = parties.Select(p => p.Account).Distinct().ToList();
        var premises = await db.Premises.AsNoTracking().Where(p => accountIds.Contains(p.AccountId)).ToListAsync(ct);
        var premiseIds = premises.Select(p => p.Id).ToList();
        var document = new JsonObject
        {
            ["exportedAt"] = time.GetUtcNow().UtcDateTime,
            ["profile"] = Node(new
            {
                c.Id, c.Type, c.FirstName, c.LastName, c.BusinessName, c.BusinessType,
                TaxId = c.TaxIdProtected is null ? null : protection.CreateProtector(SubmitEnrollment.TaxIdPurpose).Unprotect(c.TaxIdProtected),
                c.Name, c.Email, c.Phone, c.ContactFirstName, c.ContactLastName, c.ContactTitle, c.ContactEmail, c.ContactPhone,
                c.Status, LinkedSignIn = c.Subject, c.CreatedAt, c.UpdatedAt,
            }),
            ["accountRoles"] = Node(parties.Select(p => new { AccountId = p.Account, p.Role, p.CreatedAt })),
            ["accounts"] = Node(await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToListAsync(ct)),
            ["premises"] = Node(premises.Select(p => new { p.Id, p.AccountId, p.EsiId, p.Nickname, p.Street, p.Unit, p.City, p.State, p.Zip, p.IsPrimary, p.EscoId })),
            ["meters"] = Node(await db.Meters.AsNoTracking().Where(m => m.PremiseId != null && premiseIds.Contains(m.PremiseId.Value))
                .Select(m => new { m.Id, m.MeterNumber, m.Type, m.Status, m.PremiseId }).ToListAsync(ct)),
            ["contracts"] = Node(await db.Contracts.AsNoTracking().Where(x => x.CustomerId == customerId)
                .Select(x => new { x.Id, x.ContractNumber, x.PlanId, x.PlanName, x.Status, x.StartDate, x.EndDate, x.SignedAt, x.RatePerKwh, x.EarlyTerminationFee, x.CancelledAt, x.EtfCharged }).ToListAsync(ct)),
            ["bills"] = Node(await db.Bills.AsNoTracking().Where(b => accountIds.Contains(b.AccountId)).Select(b => new { b.BillNumber, b.AccountId, b.IssueDate, b.DueDate, b.Amount, b.Status }).ToListAsync(ct)),
            ["payments"] = Node(await db.Payments.AsNoTracking().Where(p => accountIds.Contains(p.AccountId)).Select(p => new { p.Reference, p.AccountId, p.PaymentDate, p.Amount }).ToListAsync(ct)),
            ["preferences"] = Node(await db.Preferences.AsNoTracking().FirstOrDefaultAsync(p => p.CustomerId == customerId, ct)),
            ["tariffs"] = Node(await db.CustomerTariffs.AsNoTracking().Where(t => t.Customer == customerId).OrderBy(t => t.PeriodStart).ToListAsync(ct)),
            ["invites"] = Node(await db.Invites.AsNoTracking().Where(i => i.CustomerId == customerId).Select(i => new { i.Id, i.CreatedAt, i.ExpiresAt, i.AcceptedAt }).ToListAsync(ct)),
            ["changeLog"] = Node(await db.CustomerChanges.AsNoTracking().Where(x => x.CustomerId == customerId).OrderBy(x => x.Id).ToListAsync(ct)),
            ["accessLog"] = Node(await db.AccessLog.AsNoTracking().Where(x => x.CustomerId == customerId).OrderBy(x => x.Id).ToListAsync(ct)),
        };
        return TypedResults.Ok(document);
    }

    public static async Task<Results<Ok<ErasureResponse>, ProblemHttpResult>> Erase(
        long customerId, HttpContext http, CustomerDbContext db, TimeProvider time, CancellationToken ct)
    {
        return await db.InTransactionAsync<Results<Ok<ErasureResponse>, ProblemHttpResult>>(async (tx, ct) =>
        {
            var customer = await db.Customers.FirstOrDefaultAsync(c => c.Id == customerId, ct);
            if (customer is null) return Problems.NotFound("Customer not found", $"There is no customer {customerId}.");
            if (customer.IsErased) return Problems.Conflict("Already erased", $"Customer {customerId} was already erased.");
            var now = time.GetUtcNow().UtcDateTime;
            var change = customer.Erase(now);

            // Personal data held elsewhere: preferences (mailing address, payment token) and old values in the change log.
            var prefs = await db.Preferences.FirstOrDefaultAsync(p => p.CustomerId == customerId, ct);
            if (prefs is not null)
            {
                (prefs.MailingStreet, prefs.MailingUnit, prefs.MailingCity, prefs.MailingState, prefs.MailingZip) = (null, null, null, null, null);
                (prefs.AutoPayEnabled, prefs.AutoPayPaymentMethodId, prefs.MarketingOptIn, prefs.UpdatedAt) = (false, null, false, now);
            }
            await db.CustomerChanges.Where(x => x.CustomerId == customerId && (x.Change == "profile" || x.Change == "preferences" || x.Change == "identity-linked"))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.OldValues, "{\"erased\":true}").SetProperty(x => x.NewValues, "{\"erased\":true}"), ct);
            await db.Invites.Where(i => i.CustomerId == customerId).ExecuteDeleteAsync(ct);
            var actor = CurrentUser.From(http.User) is { } user ? $"staff:{user.Subject}" : "staff";
            db.LogChange(customerId, "erased", actor, now, new { status = change.From }, new { status = change.To });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return TypedResults.Ok(new ErasureResponse(customerId, customer.Status, now, ["accounts", "premises", "meters", "contracts", "bills", "payments", "tariffs", "access log"]));
        }, ct);
    }

    private static async Task LogAccessAsync(CustomerDbContext db, HttpContext http, long customerId, string what, TimeProvider time, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        db.AccessLog.Add(new AccessLogEntry
        {
            ActorSubject = user?.Subject ?? "unknown", ActorRoles = string.Join(',', (user?.Roles ?? new HashSet<string>()).Order(StringComparer.Ordinal)),
            CustomerId = customerId, Method = http.Request.Method, Resource = $"{http.Request.Path} ({what})", OccurredAt = time.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
    }

    private static JsonNode? Node(object? value) => JsonSerializer.SerializeToNode(value, JsonSerializerOptions.Web);
}
