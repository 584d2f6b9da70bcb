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
    public IReadOnlyList<AvailableMeter> Meters { get; private set; } = [];

    /// <summary>The ESI ID of the service point at the address; null when there is none.</summary>
    public string? EsiId { get; private set; }

    public IReadOnlyCollection<long> Selected => Answers.SelectedMeterIds ?? (Meters.Count == 1 ? [Meters[0].MeterId] : []);

    protected override EnrollmentRequest Apply(EnrollmentRequest answers, EnrollmentRequest form) =>
        answers with { SelectedMeterIds = form.SelectedMeterIds ?? [] };

    protected override async Task LoadAsync(CancellationToken ct)
    {
        var address = Answers.ServiceAddress;
        if (address?.Street is null || !Zip.TryParse(address.Zip, out var zip)) return;
        var point = await addresses.FindAsync(address.Street, address.Unit, zip, ct);
        if (point is null) return;
        EsiId = point.EsiId;
        Meters = (await addresses.AvailableMetersAsync(point.Id, ct)).Select(m => new AvailableMeter(m.Id, m.MeterNumber, m.Type, m.Status)).ToList();
    }

    public static string Describe(AvailableMeter meter) => $"{char.ToUpperInvariant(meter.Type[0])}{meter.Type[1..]} meter";
}
