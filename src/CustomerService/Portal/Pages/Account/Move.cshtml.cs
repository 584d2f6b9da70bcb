using CustomerService.Common;
using CustomerService.Features.Accounts;
using CustomerService.Features.Contracts;
using CustomerService.Features.Enrollment;
using CustomerService.Features.Meters;
using CustomerService.Features.Plans;
using CustomerService.Features.Premises;
using CustomerService.Features.ServicePoints;
using CustomerService.Infrastructure.Data;
using CustomerService.Portal.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Portal.Pages.Account;

/// <summary>
/// Moving: first the dates and the new address, then the meters and plan found there, the final bill's address and
/// the terms; confirming calls <see cref="MoveService"/> (the API's use case) with an Idempotency-Key rendered into the
/// form, so a double click moves once.
/// </summary>
public sealed class MoveModel(AccountAccess access, CustomerDbContext db, ServiceCalendar calendar, ServiceAddressLookup lookup, PlanCatalog catalog,
    SubmitEnrollment enrollment) : AccountPageModel
{
    public const string DetailsPhase = "details";

    public Premise Premise { get; private set; } = null!;

    public MoveRequest Form { get; private set; } = new();

    /// <summary>Whether the address was found and the page asks for meters, plan and terms.</summary>
    public bool Details { get; private set; }

    public IReadOnlyList<Meter> Meters { get; private set; } = [];

    public IReadOnlyList<Plan> Plans { get; private set; } = [];

    /// <summary>The current plan when it is offered at the new address (then it can be kept).</summary>
    public Contract? Current { get; private set; }

    public bool CurrentOffered => Current is not null && Plans.Any(p => p.Id == Current.PlanId);

    public string IdempotencyKey { get; private set; } = "";

    public (DateOnly Earliest, DateOnly Latest) Window => calendar.StartDateWindow;

    public async Task<IActionResult> OnGetAsync(long premiseId, CancellationToken ct)
    {
        if (!await LoadPremiseAsync(premiseId, ct)) return NotFound();
        Form = new MoveRequest { MoveDate = Window.Earliest.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ServiceAddress = new AddressInput { State = "TX" } };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long premiseId, [FromForm] MoveRequest form, [FromForm] string? phase, [FromForm] string? idempotencyKey, CancellationToken ct)
    {
        if (!await LoadPremiseAsync(premiseId, ct)) return NotFound();
        var f = form.ForwardingAddress;
        Form = form with { ForwardingAddress = f is null || new[] { f.Street, f.Unit, f.City, f.State, f.Zip }.All(string.IsNullOrWhiteSpace) ? null : f };
        var errors = new ValidationErrors();
        MoveService.ValidateDates(Form, calendar, errors);
        AddressInput.Validate(Form.ServiceAddress, "serviceAddress", errors, mustBeServed: true);
        ServicePoint? point = null;
        if (errors.IsEmpty)
        {
            var zip = Zip.Parse(Form.ServiceAddress!.Zip);
            point = await lookup.FindAsync(Form.ServiceAddress.Street!, Form.ServiceAddress.Unit, zip, ct);
            if (point is null) errors.Add("serviceAddress.street", "We found no service point (ESI ID) at this address. Check the street number, street name and unit.");
        }
        if (!errors.IsEmpty)
        {
            ShowErrors(errors);
            return Page();
        }

        await LoadDetailsAsync(point!, ct);
        Details = true;
        IdempotencyKey = string.IsNullOrEmpty(idempotencyKey) ? Guid.NewGuid().ToString("N") : idempotencyKey;
        if (phase != DetailsPhase) return Page();

        var outcome = await MoveService.HandleAsync(premiseId, Form, IdempotencyKey, Acting, access, db, enrollment, calendar, ct);
        if (outcome is Outcome<MoveResponse>.Done { Value: var move })
        {
            Notice = $"Moving confirmed: service at {Premise.Street} stops on {Dates.Long(move.Stop.StopDate)} (reference {move.Stop.Reference}) and starts at " +
                $"{Form.ServiceAddress!.Street} on {Dates.Long(move.Start.Contract.StartDate)} (confirmation {move.Start.ConfirmationNumber}).";
            return Redirect($"/account/premises/{premiseId}/stop");
        }
        ShowRefusal(outcome, "selectedMeterIds");
        db.ChangeTracker.Clear();
        await LoadDetailsAsync(point!, ct);
        return Page();
    }

    private async Task<bool> LoadPremiseAsync(long premiseId, CancellationToken ct)
    {
        var found = await access.PremiseAsync(Acting.CustomerId, premiseId, ct);
        if (found is null || !AccountPermissions.Allows(found.Value.Roles, AccountPermission.Manage)) return false;
        Premise = found.Value.Premise;
        return true;
    }

    private async Task LoadDetailsAsync(ServicePoint point, CancellationToken ct)
    {
        Meters = await lookup.AvailableMetersAsync(point.Id, ct);
        Plans = await catalog.PlansOfferedAtAsync(Zip.Parse(point.Zip), ct);
        var accountId = Premise.AccountId;
        Current = await db.Contracts.AsNoTracking()
            .Where(c => db.ContractAccounts.Any(ca => ca.ContractId == c.Id && ca.AccountId == accountId) && (c.Status == ContractStatus.Active || c.Status == ContractStatus.Pending))
            .OrderByDescending(c => c.StartDate).FirstOrDefaultAsync(ct);
    }
}
