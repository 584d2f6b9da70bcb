using System.Globalization;
using CustomerService.Common;
using CustomerService.Features.Accounts;
using CustomerService.Features.Premises;
using CustomerService.Infrastructure.Data;
using CustomerService.Portal.Account;
using Microsoft.AspNetCore.Mvc;

namespace CustomerService.Portal.Pages.Account;

/// <summary>
/// Stop service at one premise (move-out): the page states what happens (final bill, contracts ending and their fee,
/// the account going inactive) before the customer confirms, then shows the scheduled stop and lets them withdraw it.
/// </summary>
public sealed class StopServiceModel(AccountAccess access, CustomerDbContext db, ServiceCalendar calendar) : AccountPageModel
{
    public StopPreview Preview { get; private set; } = null!;

    public StopServiceRequest Form { get; private set; } = new() { Reason = StopReasons.Moving };

    public async Task<IActionResult> OnGetAsync(long premiseId, string? stopDate, CancellationToken ct)
    {
        Form = Form with { StopDate = stopDate };
        return await LoadAsync(premiseId, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(long premiseId, [FromForm] StopServiceRequest form, CancellationToken ct)
    {
        var address = form.ForwardingAddress;
        // An empty forwarding address means the mailing address on file.
        Form = form with
        {
            ForwardingAddress = address is null || new[] { address.Street, address.Unit, address.City, address.State, address.Zip }.All(string.IsNullOrWhiteSpace) ? null : address,
        };
        var outcome = await StopService.ScheduleAsync(premiseId, Form, Acting, access, db, calendar, ct);
        switch (outcome)
        {
            case Outcome<StopServiceResponse>.Done { Value: var stop }:
                Notice = $"Service at this address will stop on {Dates.Long(stop.StopDate)}. Your reference is {stop.Reference}.";
                return Redirect($"/account/premises/{premiseId}/stop");
            case Outcome<StopServiceResponse>.Refused { Why.Kind: RefusalKind.NotFound }:
                return NotFound();
        }
        ShowRefusal(outcome, "stopDate");
        db.ChangeTracker.Clear();
        return await LoadAsync(premiseId, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostWithdrawAsync(long premiseId, CancellationToken ct)
    {
        var outcome = await StopService.WithdrawAsync(premiseId, Acting, access, db, calendar, ct);
        if (outcome is Outcome<StopServiceResponse>.Done { Value: var stop })
        {
            Notice = $"The stop {stop.Reference} is withdrawn: service at this address continues.";
            return Redirect($"/account/premises/{premiseId}/stop");
        }
        ShowRefusal(outcome, "stopDate");
        db.ChangeTracker.Clear();
        return await LoadAsync(premiseId, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(long premiseId, CancellationToken ct)
    {
        DateOnly? date = DateOnly.TryParseExact(Form.StopDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        var preview = await StopService.PreviewAsync(premiseId, date, Acting, access, db, calendar, ct);
        if (preview is not Outcome<StopPreview>.Done done) return false;
        Preview = done.Value;
        return true;
    }
}
