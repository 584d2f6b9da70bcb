using System.ComponentModel;
using System.Globalization;
using CustomerService.Common;
using CustomerService.Features.Accounts;
using CustomerService.Features.Contracts;
using CustomerService.Features.Enrollment;
using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.Premises;

/// <summary>POST /api/premises/{premiseId}/move: the old premise in the path, the new service address in the enrollment's shape.</summary>
public sealed record MoveRequest
{
    /// <summary>The stop date at the old premise (its service ends that day): from tomorrow to 90 days ahead.</summary>
    [Description("YYYY-MM-DD: service at the old premise stops on this date (tomorrow to 90 days ahead).")]
    public string? MoveDate { get; init; }
    [Description("YYYY-MM-DD: service at the new address starts on this date; absent means the move date (no gap). At most 3 days after the move date, never before it (no overlap).")]
    public string? ServiceStartDate { get; init; }
    public AddressInput? ServiceAddress { get; init; }
    public List<long>? SelectedMeterIds { get; init; }
    [Description("A plan offered at the new ZIP; absent keeps the current plan (its price and remaining term carry over) when it is offered there.")]
    public long? SelectedPlanId { get; init; }
    [Description("Where the old premise's final bill goes; absent means the new service address.")]
    public AddressInput? ForwardingAddress { get; init; }
    public bool? AcceptedTerms { get; init; }
}

public sealed record MoveResponse(StopServiceResponse Stop, EnrollmentResponse Start, bool PlanKept)
{
    /// <summary>Whether this answers a retry with the same Idempotency-Key (sent as the Idempotent-Replayed header).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Replayed { get; init; }
}

/// <summary>
/// A move: stop at the old premise on the move date (reason moving, so no early termination fee) and start at the new
/// address as a move-in on the same date or a chosen one up to 3 days later, through the enrollment's own rules
/// (<see cref="SubmitEnrollment"/>). Both are accepted in one transaction or neither; an Idempotency-Key replays the first answer.
/// </summary>
public static class MoveService
{
    public const int MaxGapDays = 3;
    public const string KeyReusedTitle = "Idempotency-Key reused";

    public static async Task<Outcome<MoveResponse>> HandleAsync(
        long premiseId, MoveRequest? request, string? idempotencyKey, ActingCustomer acting, AccountAccess access, CustomerDbContext db,
        SubmitEnrollment enrollment, ServiceCalendar calendar, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (request is null) errors.AddMissingBody();
        var (moveDate, startDate) = ValidateDates(request ?? new MoveRequest(), calendar, errors);
        if (request?.ForwardingAddress is { } forwarding) AddressInput.Validate(forwarding, "forwardingAddress", errors, mustBeServed: false);
        if (!errors.IsEmpty) return errors;

        var found = await access.PremiseAsync(acting.CustomerId, premiseId, ct);
        if (found is null) return CustomerPremises.NotFound(premiseId);
        if (!AccountPermissions.Allows(found.Value.Roles, AccountPermission.Manage)) return AccountRefusals.ForRole("move service from this premise");
        var old = found.Value.Premise;
        var holder = await AccountHolders.OfAsync(db, old.AccountId, ct);
        // The plan in force at the old premise, kept when no other plan is chosen.
        var current = await db.Contracts.AsNoTracking()
            .Where(c => db.ContractAccounts.Any(ca => ca.ContractId == c.Id && ca.AccountId == old.AccountId)
                && (c.Status == ContractStatus.Active || c.Status == ContractStatus.Pending))
            .OrderByDescending(c => c.StartDate).FirstOrDefaultAsync(ct);
        var planId = request!.SelectedPlanId ?? current?.PlanId;
        var start = new EnrollmentRequest
        {
            EnrollmentType = EnrollmentTypes.MoveIn,
            ServiceAddress = request.ServiceAddress,
            ServiceStartDate = startDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            SelectedPlanId = planId,
            SelectedMeterIds = request.SelectedMeterIds,
            AcceptedTerms = request.AcceptedTerms,
        };
        var forwardingAddress = request.ForwardingAddress ?? request.ServiceAddress;
        var scope = $"move:{premiseId}:{moveDate:yyyy-MM-dd}:{JsonKey(request.ForwardingAddress)}";
        var now = calendar.UtcNow;
        StopServiceResponse? stopResponse = null;
        var alongside = new EnrollmentAlongside(scope, current, async (db, enrolled, ct) =>
        {
            var scheduled = await StopService.ScheduleInTransactionAsync(db, premiseId, moveDate, StopReasons.Moving, forwardingAddress, acting, access, now,
                enrolled.ConfirmationNumber, ct);
            if (scheduled is Outcome<ServiceStop>.Refused refused) return refused.Why;
            stopResponse = await StopService.ResponseForAsync(db, ((Outcome<ServiceStop>.Done)scheduled).Value, ct);
            return null;
        });

        EnrollmentOutcome outcome;
        try
        {
            outcome = await enrollment.HandleAsync(start, idempotencyKey, holder, ct, alongside);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // A stop of the old premise committed first.
            return Refusal.Conflict("Stop already scheduled", "Service at this premise was scheduled to stop by another request at the same moment; reload and try again.");
        }
        switch (outcome)
        {
            case EnrollmentOutcome.Enrolled { Replayed: false } enrolled:
                return new MoveResponse(stopResponse!, enrolled.Response, current is not null && current.PlanId == planId);
            case EnrollmentOutcome.Enrolled replayed:
                var stop = await db.ServiceStops.AsNoTracking().SingleAsync(s => s.MoveConfirmationNumber == replayed.Response.ConfirmationNumber, ct);
                return new MoveResponse(await StopService.ResponseForAsync(db, stop, ct), replayed.Response, current is not null && current.PlanId == planId) { Replayed = true };
            case EnrollmentOutcome.Invalid invalid:
                return invalid.Errors;
            case EnrollmentOutcome.Conflict conflict:
                return Refusal.Conflict(conflict.Title, conflict.Detail, conflict.Extensions);
            case EnrollmentOutcome.KeyReusedWithDifferentBody:
                return Refusal.Conflict(KeyReusedTitle, "This Idempotency-Key was already used with a different request. Use a new key for a new move.");
            default:
                throw new InvalidOperationException($"Unhandled enrollment outcome {outcome.GetType().Name}.");
        }
    }

    /// <summary>The move date (tomorrow … 90 days) and the start at the new address (the move date … 3 days later), for the API and the portal alike.</summary>
    public static (DateOnly MoveDate, DateOnly StartDate) ValidateDates(MoveRequest request, ServiceCalendar calendar, ValidationErrors errors)
    {
        var (earliest, latest) = calendar.StartDateWindow;
        DateOnly moveDate = default;
        if (string.IsNullOrWhiteSpace(request.MoveDate)) errors.Add("moveDate", "The move date is required.");
        else if (!DateOnly.TryParseExact(request.MoveDate.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out moveDate))
            errors.Add("moveDate", "The move date must be a date written YYYY-MM-DD.");
        else if (moveDate < earliest || moveDate > latest)
            errors.Add("moveDate", $"A move can be from {earliest:yyyy-MM-dd} (tomorrow) to {latest:yyyy-MM-dd} (90 days ahead).");
        var startDate = moveDate;
        if (!string.IsNullOrWhiteSpace(request.ServiceStartDate))
        {
            if (!DateOnly.TryParseExact(request.ServiceStartDate.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out startDate))
                errors.Add("serviceStartDate", "Service start date must be a date written YYYY-MM-DD.");
            else if (!errors.Has("moveDate") && (startDate < moveDate || startDate > moveDate.AddDays(MaxGapDays)))
                errors.Add("serviceStartDate", $"Service at the new address starts from the move date {moveDate:yyyy-MM-dd} (no overlap) to {moveDate.AddDays(MaxGapDays):yyyy-MM-dd} ({MaxGapDays} days later at most).");
        }
        return (moveDate, startDate);
    }

    private static string JsonKey(AddressInput? a) => a is null ? "" : $"{a.Street}|{a.Unit}|{a.City}|{a.State}|{a.Zip}";
}
