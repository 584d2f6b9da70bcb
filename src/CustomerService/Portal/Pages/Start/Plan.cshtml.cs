using CustomerService.Common;
using CustomerService.Features.Enrollment;
using CustomerService.Features.Plans;
using CustomerService.Portal.Enrollment;

namespace CustomerService.Portal.Pages.Start;

public sealed class PlanModel(EnrollmentJourney journey, PlanCatalog catalog) : EnrollmentStepModel(journey)
{
    public override int Number => 4;

    /// <summary>The plans offered at the service address's ZIP code.</summary>
    public IReadOnlyList<PlanResponse> Plans { get; private set; } = [];

    public string? ZipCode => Answers.ServiceAddress?.Zip?.Trim();

    protected override EnrollmentRequest Apply(EnrollmentRequest answers, EnrollmentRequest form) =>
        answers with { SelectedPlanId = form.SelectedPlanId };

    protected override async Task LoadAsync(CancellationToken ct) =>
        Plans = Zip.TryParse(ZipCode, out var zip) ? (await catalog.PlansOfferedAtAsync(zip, ct)).Select(PlanResponse.From).ToList() : [];
}
