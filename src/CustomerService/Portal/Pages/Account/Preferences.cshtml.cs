using CustomerService.Common;
using CustomerService.Features.Preferences;
using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Outbox;
using CustomerService.Portal.Account;
using Microsoft.AspNetCore.Mvc;

namespace CustomerService.Portal.Pages.Account;

/// <summary>Mailing address, bill delivery, marketing, notifications and auto-pay, saved through the self-service API's own update.</summary>
public sealed class PreferencesModel(CustomerDbContext db, TimeProvider time) : AccountPageModel
{
    /// <summary>
    /// The form as posted, its field names the API's JSON paths (mailingAddress.street, notifications.billReady…), so
    /// the update's errors land on the fields that caused them. A checkbox that is not ticked is not sent, so it binds as
    /// false (not "unchanged").
    /// </summary>
    public sealed class PreferencesForm
    {
        public string? BillDelivery { get; set; }
        public bool MarketingOptIn { get; set; }
        public NotificationsForm Notifications { get; set; } = new();
        public AutoPayForm AutoPay { get; set; } = new();
        public MailingForm MailingAddress { get; set; } = new();
    }

    public sealed class NotificationsForm
    {
        public bool BillReady { get; set; }
        public bool PaymentDue { get; set; }
        public bool OutageAlerts { get; set; }
        public bool HighUsageAlerts { get; set; }
    }

    public sealed class AutoPayForm
    {
        public bool Enabled { get; set; }
        public string? PaymentMethodId { get; set; }
    }

    public sealed class MailingForm
    {
        public bool SameAsPrimaryPremise { get; set; } = true;
        public string? Street { get; set; }
        public string? Unit { get; set; }
        public string? City { get; set; }
        public string? State { get; set; }
        public string? Zip { get; set; }
    }

    /// <summary>The values to show: what was just submitted when it failed, otherwise what is stored.</summary>
    public PreferencesForm Form { get; private set; } = new();

    public async Task OnGetAsync(CancellationToken ct)
    {
        var p = OwnRead(await PreferenceSettings.GetAsync(Acting, db, time, ct));
        Form = new PreferencesForm
        {
            BillDelivery = p.BillDelivery, MarketingOptIn = p.MarketingOptIn,
            Notifications = new NotificationsForm
            {
                BillReady = p.Notifications.BillReady, PaymentDue = p.Notifications.PaymentDue,
                OutageAlerts = p.Notifications.OutageAlerts, HighUsageAlerts = p.Notifications.HighUsageAlerts,
            },
            AutoPay = new AutoPayForm { Enabled = p.AutoPay.Enabled, PaymentMethodId = p.AutoPay.PaymentMethodId },
            MailingAddress = new MailingForm
            {
                SameAsPrimaryPremise = p.MailingAddress.SameAsPrimaryPremise,
                Street = p.MailingAddress.Street, Unit = p.MailingAddress.Unit, City = p.MailingAddress.City, State = p.MailingAddress.State, Zip = p.MailingAddress.Zip,
            },
        };
    }

    public async Task<IActionResult> OnPostAsync([FromForm] PreferencesForm form, CancellationToken ct)
    {
        var f = Form = form;
        var m = f.MailingAddress;
        var request = new UpdatePreferencesRequest(
            f.BillDelivery ?? "",
            f.MarketingOptIn,
            new NotificationSettingsInput(f.Notifications.BillReady, f.Notifications.PaymentDue, f.Notifications.OutageAlerts, f.Notifications.HighUsageAlerts),
            new AutoPayInput(f.AutoPay.Enabled, string.IsNullOrWhiteSpace(f.AutoPay.PaymentMethodId) ? null : f.AutoPay.PaymentMethodId),
            m.SameAsPrimaryPremise
                ? new PreferencesMailingAddressInput(true, null, null, null, null, null)
                : new PreferencesMailingAddressInput(false, m.Street ?? "", m.Unit, m.City ?? "", m.State ?? "", m.Zip ?? ""));
        var outcome = await PreferenceSettings.UpdateAsync(request, Acting, db, time, ct);
        if (outcome is Outcome<PreferencesResponse>.Done)
        {
            Notice = "Your preferences are saved.";
            return Redirect("/account/preferences");
        }
        ShowRefusal(outcome, "billDelivery");
        db.ChangeTracker.Clear();
        return Page();
    }
}
