using CustomerService.Common;
using CustomerService.Features.Preferences;
using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Outbox;
using CustomerService.Portal.Account;
using Microsoft.AspNetCore.Mvc;

namespace CustomerService.Portal.Pages.Account;

/// <summary>Mailing address, bill delivery, marketing, notifications and auto-pay, saved through the self-service API's own update.</summary>
public sealed class PreferencesModel(CustomerDbContext db, OutboxWriter outbox, TimeProvider time) : AccountPageModel
{
    /// <summary>The form as posted: a checkbox that is not ticked is not sent, so it binds as false (not "unchanged").</summary>
    public sealed class PreferencesForm
    {
        public string? BillDelivery { get; set; }
        public bool MarketingOptIn { get; set; }
        public bool BillReady { get; set; }
        public bool PaymentDue { get; set; }
        public bool OutageAlerts { get; set; }
        public bool HighUsageAlerts { get; set; }
        public bool AutoPay { get; set; }
        public string? PaymentMethodId { get; set; }
        public bool MailingSameAsPrimary { get; set; } = true;
        public AddressInput Mailing { get; set; } = new();
    }

    [BindProperty]
    public PreferencesForm Form { get; set; } = new();

    public async Task OnGetAsync(CancellationToken ct)
    {
        var p = (await PreferenceEndpoints.Get(Acting, db, time, ct)).Value!;
        Form = new PreferencesForm
        {
            BillDelivery = p.BillDelivery, MarketingOptIn = p.MarketingOptIn,
            BillReady = p.Notifications.BillReady, PaymentDue = p.Notifications.PaymentDue,
            OutageAlerts = p.Notifications.OutageAlerts, HighUsageAlerts = p.Notifications.HighUsageAlerts,
            AutoPay = p.AutoPay.Enabled, PaymentMethodId = p.AutoPay.PaymentMethodId,
            MailingSameAsPrimary = p.MailingAddress.SameAsPrimaryPremise,
            Mailing = new AddressInput { Street = p.MailingAddress.Street, Unit = p.MailingAddress.Unit, City = p.MailingAddress.City, State = p.MailingAddress.State, Zip = p.MailingAddress.Zip },
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var f = Form;
        var request = new UpdatePreferencesRequest(
            f.BillDelivery ?? "",
            f.MarketingOptIn,
            new NotificationSettingsInput(f.BillReady, f.PaymentDue, f.OutageAlerts, f.HighUsageAlerts),
            new AutoPayInput(f.AutoPay, string.IsNullOrWhiteSpace(f.PaymentMethodId) ? null : f.PaymentMethodId),
            f.MailingSameAsPrimary
                ? new MailingAddressInput(true, null, null, null, null, null)
                : new MailingAddressInput(false, f.Mailing.Street ?? "", f.Mailing.Unit, f.Mailing.City ?? "", f.Mailing.State ?? "", f.Mailing.Zip ?? ""));
        var result = (await PreferenceEndpoints.Update(request, Acting, db, outbox, time, ct)).Result;
        if (ValueOf<PreferencesResponse>(result) is not null)
        {
            Notice = "Your preferences are saved.";
            return Redirect("/account/preferences");
        }
        ShowProblem(result, "billDelivery", "Your preferences could not be saved.");
        db.ChangeTracker.Clear();
        return Page();
    }
}
