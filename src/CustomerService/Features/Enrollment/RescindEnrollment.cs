using System.Text.RegularExpressions;
using CustomerService.Common;
using CustomerService.Features.Accounts;
using CustomerService.Features.Audit;
using CustomerService.Features.Contracts;
using CustomerService.Features.Customers;
using CustomerService.Features.Meters;
using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.Enrollment;

/// <summary>POST /api/enrollment/{confirmationNumber}/rescind. Anonymous callers prove it is theirs with the email they enrolled with.</summary>
public sealed record RescindEnrollmentRequest(string? Email, string? Reason);

public sealed record RescindEnrollmentResponse(
    string ConfirmationNumber, string Status, DateTime RescindedAt, long ContractId, string ContractNumber, string ContractStatus,
    EarlyTerminationFeeResponse EarlyTerminationFee, IReadOnlyList<long> ReleasedMeterIds, DateOnly TermsGivenOn, DateOnly WindowClosesOn);

/// <summary>Who asks to rescind: an anonymous caller (by email), the signed-in customer, or staff acting for the customer (audited).</summary>
public sealed record Rescinder(long? CustomerId, string Actor, CurrentStaff? Staff = null)
{
    public static readonly Rescinder Anonymous = new(null, "anonymous");
}

/// <summary>A csr or admin: the access is written to the access log.</summary>
public sealed record CurrentStaff(string Subject, string Roles);

/// <summary>
/// The right of rescission of 16 TAC §25.474: a residential customer who switches may rescind without penalty within
/// 3 federal business days after the terms of service are given. The terms are given with the enrollment, so the
/// window counts from the Chicago date of its submission: the 3 business days after that date (the date itself not
/// counted, weekends and US federal holidays skipped), through the end of the third.
/// </summary>
public static class RightOfRescission
{
    public const int BusinessDays = 3;

    public static (DateOnly TermsGivenOn, DateOnly ClosesOn) WindowFor(DateTime submittedAt)
    {
        var given = ServiceCalendar.DateOf(submittedAt);
        return (given, ServiceCalendar.AddBusinessDays(given, BusinessDays));
    }

    public static bool Applies(string customerType, string enrollmentType) =>
        customerType == CustomerTypes.Individual && enrollmentType == EnrollmentTypes.Switch;

    /// <summary>The last day the enrollment may be rescinded, when the right applies to it.</summary>
    public static DateOnly? ClosesOn(string customerType, string enrollmentType, DateTime submittedAt) =>
        Applies(customerType, enrollmentType) ? WindowFor(submittedAt).ClosesOn : null;
}

/// <summary>
/// Rescinds a residential switch inside its window: the pending (or just started) contract is cancelled with no fee,
/// the meters become available again, the premise and the account go inactive, and EnrollmentRescinded, ContractCancelled,
/// MeterRemoved and AccountStatusChanged are recorded, all in one transaction.
/// </summary>
public static partial class RescindEnrollment
{
    public static async Task<Outcome<RescindEnrollmentResponse>> HandleAsync(
        string confirmationNumber, RescindEnrollmentRequest? request, Rescinder who, CustomerDbContext db, ServiceCalendar calendar, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        Email? email = null;
        if (who.CustomerId is null && who.Staff is null)
        {
            if (string.IsNullOrWhiteSpace(request?.Email)) errors.Add("email", "Give the email address you enrolled with, or sign in.");
            else if (!Email.TryParse(request.Email, out email)) errors.Add("email", "Enter an email address like name@example.com.");
        }
        else if (!string.IsNullOrWhiteSpace(request?.Email) && !Email.TryParse(request.Email, out email))
            errors.Add("email", "Enter an email address like name@example.com.");
        Text.Optional(request?.Reason, "reason", "Reason", 500, errors);
        if (!errors.IsEmpty) return errors;

        var number = confirmationNumber.Trim().ToUpperInvariant();
        if (!ConfirmationNumberShape().IsMatch(number)) return NotFound(confirmationNumber);

        if (who.Staff is { } staff && await db.Enrollments.Where(e => e.ConfirmationNumber == number).Select(e => (long?)e.CustomerId).FirstOrDefaultAsync(ct) is { } customerOfEnrollment)
        {
            db.AccessLog.Add(new AccessLogEntry
            {
                ActorSubject = staff.Subject, ActorRoles = staff.Roles, CustomerId = customerOfEnrollment, Method = "POST",
                Resource = $"/api/enrollment/{{confirmationNumber}}/rescind (confirmationNumber={number})", OccurredAt = calendar.UtcNow,
            });
            await db.SaveChangesAsync(ct);
        }

        return await db.InTransactionAsync<Outcome<RescindEnrollmentResponse>>(async (tx, ct) =>
        {
            var enrollment = await db.Enrollments.FirstOrDefaultAsync(e => e.ConfirmationNumber == number, ct);
            if (enrollment is null) return NotFound(number);
            var customerEmail = await db.Customers.Where(c => c.Id == enrollment.CustomerId).Select(c => c.Email).SingleAsync(ct);
            var allowed = who.Staff is not null
                || (who.CustomerId is { } id ? id == enrollment.CustomerId && (email is null || email.Value == customerEmail) : email!.Value == customerEmail);
            if (!allowed) return NotFound(number);

            if (enrollment.Status == EnrollmentStatus.Rescinded)
                return Refusal.Conflict("Already rescinded", $"Enrollment {number} was already rescinded on {enrollment.RescindedAt:yyyy-MM-dd}.");
            if (!RightOfRescission.Applies(enrollment.CustomerType, enrollment.EnrollmentType))
                return Refusal.Conflict("No right of rescission",
                    enrollment.CustomerType != CustomerTypes.Individual
                        ? $"Enrollment {number} is a business enrollment: the right of rescission is a residential customer's. To end service, cancel the contract (the cancellation rules and fee apply)."
                        : $"Enrollment {number} is a move-in: the right of rescission applies to a switch. To end service, cancel the contract (no fee before service starts) or stop service at the premises.");

            var (given, closesOn) = RightOfRescission.WindowFor(enrollment.SubmittedAt);
            var today = calendar.Today;
            if (today > closesOn)
                return Refusal.Conflict("Rescission window closed",
                    $"The right to rescind enrollment {number} without penalty ended at the end of {Dates.Long(closesOn)} (3 federal business days after the terms of service were given on {Dates.Long(given)}). You can still cancel the contract; the cancellation rules and fee apply.",
                    new Dictionary<string, object?> { ["windowClosedOn"] = closesOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });

            var contract = await db.Contracts.SingleAsync(c => c.Id == enrollment.ContractId, ct);
            var status = contract.StatusOn(today);
            if (status is not (ContractStatus.Pending or ContractStatus.Active))
                return Refusal.Conflict("Contract already ended", $"Contract {contract.ContractNumber} of enrollment {number} is {status}: there is nothing left to rescind.");

            var now = calendar.UtcNow;
            // Conditional claims: a concurrent rescission or cancellation changes no row here and is answered 409.
            var claimed = await db.Enrollments.Where(e => e.Id == enrollment.Id && e.Status == EnrollmentStatus.Completed)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, EnrollmentStatus.Rescinded).SetProperty(e => e.RescindedAt, now), ct);
            if (claimed != 1 || !await ContractClaims.ClaimAsync(db, contract, now, ct))
                return Refusal.Conflict("Enrollment changed", $"Enrollment {number} was changed by another request; reload it and try again.");

            var reason = Text.Clean(request?.Reason);
            var meters = await db.Meters.Where(m => m.PremiseId == enrollment.PremiseId && (m.Status == MeterStatus.Pending || m.Status == MeterStatus.Active))
                .OrderBy(m => m.Id).ToListAsync(ct);
            db.Record(enrollment.CustomerId, new EnrollmentRescindedEvent(number, enrollment.CustomerId, enrollment.AccountId, contract.Id,
                meters.Select(m => m.Id).ToList(), given, closesOn, reason, now));
            var fee = contract.Rescind(closesOn, now, reason);
            db.LogChange(enrollment.CustomerId, "rescinded", who.Actor, now, new { confirmationNumber = number, contractStatus = status },
                new { confirmationNumber = number, contractId = contract.Id, contractStatus = contract.Status, etfCharged = fee.Charged });
            await db.SaveChangesAsync(ct); // EnrollmentRescinded, then ContractCancelled

            var premise = await db.Premises.SingleAsync(p => p.Id == enrollment.PremiseId, ct);
            premise.Status = Premises.PremiseStatus.Inactive;
            premise.InactiveSince = today;
            foreach (var meter in meters)
            {
                meter.Status = MeterStatus.Available;
                meter.PremiseId = null;
                db.Record(enrollment.CustomerId, new MeterRemovedEvent(meter.Id, meter.MeterNumber, premise.Id, premise.EsiId, enrollment.AccountId, today, "Enrollment rescinded"));
            }
            var account = await db.Accounts.SingleAsync(a => a.Id == enrollment.AccountId, ct);
            if (account.Status is AccountStatus.Pending or AccountStatus.Active)
            {
                var from = account.Status;
                account.Status = AccountStatus.Inactive;
                account.UpdatedAt = now;
                db.Record(enrollment.CustomerId, new AccountStatusChangedEvent(account.Id, account.AccountNumber, from, AccountStatus.Inactive, "Enrollment rescinded", now));
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);

            return new RescindEnrollmentResponse(number, EnrollmentStatus.Rescinded, now, contract.Id, contract.ContractNumber, contract.Status,
                new EarlyTerminationFeeResponse(Decimals.Money(fee.Charged), Decimals.Money(fee.ContractFee), fee.Reason),
                meters.Select(m => m.Id).ToList(), given, closesOn);
        }, ct);
    }

    public static Refusal NotFound(string confirmationNumber) => Refusal.NotFound("Enrollment not found",
        "There is no enrollment with this confirmation number and email address. Check both as they appear in your confirmation, or sign in.");

    [GeneratedRegex("^ENR-[0-9A-Z]{1,12}-[0-9A-Z]{4}$")]
    private static partial Regex ConfirmationNumberShape();
}
