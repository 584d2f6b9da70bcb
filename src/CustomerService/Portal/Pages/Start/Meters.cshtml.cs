using CustomerService.Common;
using CustomerService.Features.Enrollment;
using CustomerService.Features.Meters;
using CustomerService.Features.ServicePoints;
using CustomerService.Portal.Enrollment;

namespace CustomerService.Portal.Pages.Start;

public sealed class MetersModel(EnrollmentJourney journey, ServiceAddressLookup addresses) : EnrollmentStepModel(journey)
{
    public override int Number => 5;

    /// <summary>The meters registered at the service address that can be enrolled.</summary>
    public IReadOnlyList<Meter> Meters { get; private set; } = [];

    public ServicePoint? ServicePoint { get; private set; }

    public IReadOnlyCollection<long> Selected => Answers.SelectedMeterIds ?? (Meters.Count == 1 ? [Meters[0].Id] : []);

    protected override EnrollmentRequest Apply(EnrollmentRequest answers, EnrollmentRequest form) =>
        answers with { SelectedMeterIds = form.SelectedMeterIds ?? [] };

    protected override async Task LoadAsync(CancellationToken ct)
    {
        var address = Answers.ServiceAddress;
        if (address?.Street is null || !Zip.TryParse(address.Zip, out var zip)) return;
        ServicePoint = await addresses.FindAsync(address.Street, address.Unit, zip, ct);
        if (ServicePoint is not null) Meters = await addresses.AvailableMetersAsync(ServicePoint.Id, ct);
    }

    public static string Describe(Meter meter) => $"{char.ToUpperInvariant(meter.Type[0])}{meter.Type[1..]} meter";
}
