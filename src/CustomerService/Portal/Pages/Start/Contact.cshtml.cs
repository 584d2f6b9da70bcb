using CustomerService.Features.Enrollment;
using CustomerService.Portal.Enrollment;

namespace CustomerService.Portal.Pages.Start;

public sealed class ContactModel(EnrollmentJourney journey) : EnrollmentStepModel(journey)
{
    public override int Number => 2;

    public static readonly IReadOnlyList<(string Value, string Label)> BusinessTypeChoices =
    [
        ("sole_proprietorship", "Sole proprietorship"), ("partnership", "Partnership"), ("llc", "Limited liability company (LLC)"),
        ("corporation", "Corporation"), ("nonprofit", "Nonprofit"), ("government", "Government"), ("other", "Other"),
    ];

    protected override EnrollmentRequest Apply(EnrollmentRequest answers, EnrollmentRequest form) =>
        Customer is not null ? answers // a signed-in customer's details are on their record
        : IsBusiness
            ? answers with
            {
                BusinessName = form.BusinessName, BusinessType = form.BusinessType, TaxId = form.TaxId,
                Email = form.Email, Phone = form.Phone, PrimaryContact = form.PrimaryContact ?? new PrimaryContactInput(),
            }
            : answers with { FirstName = form.FirstName, LastName = form.LastName, Email = form.Email, Phone = form.Phone };
}
