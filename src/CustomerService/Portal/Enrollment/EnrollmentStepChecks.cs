using CustomerService.Common;
using CustomerService.Features.Enrollment;
using CustomerService.Features.Meters;
using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Portal.Enrollment;

/// <summary>
/// Checks one step's answers with the enrollment API's own rules (<see cref="EnrollmentValidator"/> and the
/// reference checks of <see cref="EnrollmentReferences"/>), keeping the errors that belong to that step, so a
/// mistake is reported where it was made rather than at the end.
/// </summary>
public sealed class EnrollmentStepChecks(EnrollmentReferences references, ServiceCalendar calendar, CustomerDbContext db)
{
    public const string EmailRegistered = "This email address is already registered with us. Sign in to add service to your account, or use a different email address.";

    /// <param name="customer">The signed-in customer the enrollment adds service to: their own details are not asked for, as in the API.</param>
    public async Task<ValidationErrors> CheckAsync(EnrollmentStep step, EnrollmentRequest answers, EnrollingCustomer? customer, CancellationToken ct)
    {
        var all = new ValidationErrors();
        EnrollmentValidator.Validate(answers, calendar, all, customer?.Type);
        if (step.Number >= 3) await references.CheckAsync(answers, all, ct);
        // The switch hold is answered where the visitor says switch or move-in, in the API's words.
        if (step.Number >= 3 && EnrollmentValidator.ParseEnrollmentType(answers.EnrollmentType) is { } type
            && await references.SwitchHoldRefusalAsync(answers, type, ct) is { } hold)
            all.Add(type == EnrollmentTypes.Switch ? "enrollmentType" : "proofOfOccupancy", hold);

        var errors = new ValidationErrors();
        foreach (var (key, messages) in all.ToDictionary())
        {
            if (!step.Owns(key)) continue;
            foreach (var message in messages) errors.Add(key, message);
        }

        if (step.Number == 2 && customer is null && !errors.Has("email") && Email.TryParse(answers.Email, out var email) && await references.EmailInUseAsync(email, ct))
            errors.Add("email", EmailRegistered);

        if (step.Number == 5 && errors.IsEmpty && answers.SelectedMeterIds is { Count: > 0 } ids)
        {
            var taken = await db.Meters.AsNoTracking().Where(m => ids.Contains(m.Id) && m.Status != MeterStatus.Available)
                .Select(m => m.MeterNumber).ToListAsync(ct);
            foreach (var number in taken.Order(StringComparer.Ordinal))
                errors.Add("selectedMeterIds", $"Meter {number} has just been enrolled by someone else and is no longer available.");
        }
        return errors;
    }
}
