using CustomerService.Common;
using CustomerService.Features.Meters;
using CustomerService.Features.Plans;
using CustomerService.Features.ServicePoints;
using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.Enrollment;

/// <summary>
/// The enrollment rules that need the database, shared by <see cref="SubmitEnrollment"/> and the portal's step checks
/// so that both answer with the same rules and the same messages.
/// </summary>
public sealed class EnrollmentReferences(CustomerDbContext db, PlanCatalog catalog, ServiceAddressLookup addresses)
{
    /// <summary>
    /// Why the service point's switch hold refuses this enrollment, in words that say what to do; null when it does not.
    /// A switch is refused; a move-in proceeds only with proof of occupancy.
    /// </summary>
    public static string? SwitchHoldRefusal(ServicePoint point, string enrollmentType, bool proofOfOccupancy) =>
        !point.SwitchHold ? null
        : enrollmentType == EnrollmentTypes.Switch
            ? $"The service point at this address (ESI ID {point.EsiId}) is under a switch hold placed by the utility, so it cannot be switched to us now. " +
              "If you already live there, ask your current provider or the utility how to have the hold lifted, then enroll again. " +
              "If you are moving in, enroll as a move-in (enrollmentType moveIn) and confirm that you can show proof of occupancy (proofOfOccupancy: a lease, deed or closing documents)."
            : proofOfOccupancy ? null
            : $"The service point at this address (ESI ID {point.EsiId}) is under a switch hold. A move-in can proceed only if you confirm that you can show proof of occupancy " +
              "(proofOfOccupancy: a lease, deed or closing documents in your name); we may ask you for it.";

    /// <summary>The switch-hold refusal for the service point at the request's address (for the portal's address step, before a plan is chosen).</summary>
    public async Task<string?> SwitchHoldRefusalAsync(EnrollmentRequest r, string enrollmentType, CancellationToken ct)
    {
        var address = r.ServiceAddress;
        if (address is null || string.IsNullOrWhiteSpace(address.Street) || !Zip.TryParse(address.Zip, out var zip)) return null;
        var point = await addresses.FindAsync(address.Street, address.Unit, zip, ct);
        return point is null ? null : SwitchHoldRefusal(point, enrollmentType, enrollmentType == EnrollmentTypes.MoveIn && r.ProofOfOccupancy == true);
    }

    /// <summary>Whether a new customer may enroll with this email (one customer per email address).</summary>
    public Task<bool> EmailInUseAsync(Email email, CancellationToken ct) => db.Customers.AnyAsync(c => c.Email == email.Value, ct);

    /// <summary>
    /// The ZIP is served, the plan exists and is offered there, a service point exists at the address, and each
    /// meter exists and is registered there. Problems are added to <paramref name="errors"/> beside the field rules'
    /// so a client sees every problem at once; the records found are returned when plan and service point were.
    /// </summary>
    public async Task<(Plan Plan, ServicePoint Point, List<Meter> Meters)?> CheckAsync(EnrollmentRequest r, ValidationErrors errors, CancellationToken ct)
    {
        var address = r.ServiceAddress;
        var stateServed = address?.State is { } state && UsStates.Served.Contains(state.Trim().ToUpperInvariant());
        Zip? zip = null;
        var zipServed = false;
        if (address is not null && Zip.TryParse(address.Zip, out var parsedZip) && stateServed)
        {
            zip = parsedZip;
            zipServed = await catalog.TerritoryForAsync(parsedZip, ct) is not null;
            if (!zipServed) errors.Add("serviceAddress.zip", $"ZIP code {parsedZip} is outside the areas we serve.");
        }

        Plan? plan = null;
        if (r.SelectedPlanId is { } planId)
        {
            plan = await catalog.FindAsync(planId, ct);
            if (plan is null || !plan.IsActive) errors.Add("selectedPlanId", $"Plan {planId} does not exist.");
            else if (zipServed && !await catalog.IsOfferedAtAsync(planId, zip!, ct))
                errors.Add("selectedPlanId", $"Plan {planId} ({plan.Name}) is not offered at ZIP code {zip}.");
        }

        ServicePoint? point = null;
        if (zipServed && !string.IsNullOrWhiteSpace(address!.Street))
        {
            point = await addresses.FindAsync(address.Street, address.Unit, zip!, ct);
            if (point is null && !errors.Has("serviceAddress.street"))
                errors.Add("serviceAddress", "We found no service point (ESI ID) at this address. Check the street number, street name and unit.");
        }

        var ids = r.SelectedMeterIds ?? [];
        var found = ids.Count == 0 ? [] : await db.Meters.AsNoTracking().Where(m => ids.Contains(m.Id)).ToListAsync(ct);
        for (var i = 0; i < ids.Count; i++)
        {
            var meter = found.FirstOrDefault(m => m.Id == ids[i]);
            if (meter is null) errors.Add($"selectedMeterIds[{i}]", $"Meter {ids[i]} does not exist.");
            else if (point is not null && meter.ServicePointId != point.Id)
                errors.Add($"selectedMeterIds[{i}]", $"Meter {ids[i]} ({meter.MeterNumber}) is not at the service address.");
        }

        return plan is null || point is null ? null : (plan, point, found);
    }
}
