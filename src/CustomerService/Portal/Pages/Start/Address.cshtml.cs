using CustomerService.Common;
using CustomerService.Features.Enrollment;
using CustomerService.Portal.Enrollment;

namespace CustomerService.Portal.Pages.Start;

public sealed class AddressModel(EnrollmentJourney journey, ServiceCalendar calendar) : EnrollmentStepModel(journey)
{
    public override int Number => 3;

    public (DateOnly Earliest, DateOnly Latest) Window => calendar.StartDateWindow;

    public DateOnly EarliestSwitch => calendar.EarliestSwitchDate;

    protected override EnrollmentRequest Apply(EnrollmentRequest answers, EnrollmentRequest form)
    {
        var address = form.ServiceAddress ?? new AddressInput();
        var updated = answers with { ServiceAddress = address, EnrollmentType = form.EnrollmentType, ProofOfOccupancy = form.ProofOfOccupancy, ServiceStartDate = form.ServiceStartDate };
        // Meters belong to one address: a different address means choosing them again.
        return SameAddress(answers.ServiceAddress, address) ? updated : updated with { SelectedMeterIds = null };
    }

    protected override bool ChangesLaterSteps(EnrollmentRequest before, EnrollmentRequest after) =>
        before.ServiceAddress is not null && !SameAddress(before.ServiceAddress, after.ServiceAddress);

    private static bool SameAddress(AddressInput? a, AddressInput? b) =>
        a is not null && b is not null && Zip.TryParse(a.Zip, out var za) && Zip.TryParse(b.Zip, out var zb)
        && AddressNormalizer.Key(a.Street ?? "", a.Unit, za.Value) == AddressNormalizer.Key(b.Street ?? "", b.Unit, zb.Value);
}
