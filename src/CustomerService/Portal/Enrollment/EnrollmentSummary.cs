using System.Globalization;
using CustomerService.Features.Contracts;
using CustomerService.Features.Enrollment;
using CustomerService.Features.Plans;
using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Portal.Enrollment;

/// <summary>What the review and confirmation pages show of an enrollment: the answers, the plan and the contract they make.</summary>
/// <param name="Customer">The signed-in customer the enrollment adds service to (their record, not the answers, names them).</param>
public sealed record EnrollmentSummary(EnrollmentRequest Answers, EnrollingCustomer? Customer, PlanResponse? Plan, IReadOnlyList<string> MeterNumbers, DateOnly? StartDate, DateOnly? EndDate)
{
    public static async Task<EnrollmentSummary> ForAsync(EnrollmentRequest answers, EnrollingCustomer? customer, PlanCatalog catalog, CustomerDbContext db, CancellationToken ct)
    {
        var plan = answers.SelectedPlanId is { } planId && await catalog.FindAsync(planId, ct) is { } found ? PlanResponse.From(found) : null;
        var ids = answers.SelectedMeterIds ?? [];
        var meters = ids.Count == 0 ? [] : await db.Meters.AsNoTracking().Where(m => ids.Contains(m.Id)).OrderBy(m => m.Id).Select(m => m.MeterNumber).ToListAsync(ct);
        DateOnly? start = DateOnly.TryParseExact(answers.ServiceStartDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var s) ? s : null;
        DateOnly? end = start is { } st && plan is not null ? ContractTerms.EndDate(st, plan.TermMonths) : null;
        return new EnrollmentSummary(answers, customer, plan, meters, start, end);
    }
}
