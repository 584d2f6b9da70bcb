using CustomerService.Features.Enrollment;
using CustomerService.Portal.Enrollment;

namespace CustomerService.Portal.Pages.Start;

public sealed class CustomerTypeModel(EnrollmentJourney journey) : EnrollmentStepModel(journey)
{
    public override int Number => 1;

    protected override EnrollmentRequest Apply(EnrollmentRequest answers, EnrollmentRequest form) =>
        answers with { CustomerType = Customer?.Type ?? form.CustomerType };

    protected override bool ChangesLaterSteps(EnrollmentRequest before, EnrollmentRequest after) =>
        before.CustomerType is not null && before.CustomerType != after.CustomerType;
}
