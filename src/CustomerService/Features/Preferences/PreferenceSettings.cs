using System.Text.Json;
using System.Text.RegularExpressions;
using CustomerService.Common;
using CustomerService.Features.Customers;
using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.Preferences;

/// <summary>customer-service.md's Preferences Response.</summary>
public sealed record PreferencesResponse(string BillDelivery, bool MarketingOptIn, NotificationSettings Notifications, AutoPaySettings AutoPay, MailingAddressSettings MailingAddress);

public sealed record NotificationSettings(bool BillReady, bool PaymentDue, bool OutageAlerts, bool HighUsageAlerts);

public sealed record AutoPaySettings(bool Enabled, string? PaymentMethodId);

public sealed record MailingAddressSettings(bool SameAsPrimaryPremise, string? Street, string? Unit, string? City, string? State, string? Zip);

/// <summary>PUT /api/preferences: every part is optional; what is sent replaces what is stored.</summary>
public sealed record UpdatePreferencesRequest(string? BillDelivery, bool? MarketingOptIn, NotificationSettingsInput? Notifications, AutoPayInput? AutoPay, PreferencesMailingAddressInput? MailingAddress);

public sealed record NotificationSettingsInput(bool? BillReady, bool? PaymentDue, bool? OutageAlerts, bool? HighUsageAlerts);

public sealed record AutoPayInput(bool? Enabled, string? PaymentMethodId);

/// <summary>Where bills go (named apart from enrollment's MailingAddressInput, so the OpenAPI document keeps both schemas).</summary>
public sealed record PreferencesMailingAddressInput(bool? SameAsPrimaryPremise, string? Street, string? Unit, string? City, string? State, string? Zip);

/// <summary>
/// A customer's preferences: mailing address, bill delivery, marketing, notifications and auto-pay. Read them, or
/// change any part with the same rules (never a card number; auto-pay needs a payment-method token) from the API and
/// the portal alike; a change is logged and recorded as PreferencesUpdated.
/// </summary>
public static partial class PreferenceSettings
{
    /// <summary>
    /// The customer's choices, or the defaults for a customer who never had any (nothing is written by a read): one
    /// statement, the signed-in customer's lookup included (<see cref="ActingCustomer.ReadAsync{T}"/>).
    /// </summary>
    public static async Task<Outcome<PreferencesResponse>> GetAsync(ActingCustomer acting, CustomerDbContext db, TimeProvider time, CancellationToken ct)
    {
        var read = await acting.ReadAsync((customer, ct) => customer.Records(db)
            .Select(c => new { c.Id, Stored = db.Preferences.AsNoTracking().FirstOrDefault(p => p.CustomerId == c.Id) }).ToListAsync(ct), rows => rows.Count == 0, ct);
        if (read.NotLinked is { } notLinked) return notLinked;
        // The customer's row is gone only if erased since the request began: as for a sign-in no longer linked.
        if (read.Value.SingleOrDefault() is not { } customer) return CustomerLinks.NotLinked;
        return Response(customer.Stored ?? Defaults(customer.Id, time));
    }

    public static async Task<Outcome<PreferencesResponse>> UpdateAsync(
        UpdatePreferencesRequest? request, ActingCustomer acting, CustomerDbContext db, TimeProvider time, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (request is null) errors.AddMissingBody();
        else Validate(request, errors);
        if (!errors.IsEmpty) return errors;

        var prefs = await LoadAsync(db, acting.CustomerId, time, ct);
        var before = Response(prefs);
        if (request!.BillDelivery is { } delivery) prefs.BillDelivery = delivery.Trim().ToLowerInvariant();
        if (request.MarketingOptIn is { } optIn) prefs.MarketingOptIn = optIn;
        if (request.Notifications is { } n) Apply(prefs, n);
        if (request.AutoPay is { } autoPay)
        {
            prefs.AutoPayEnabled = autoPay.Enabled ?? prefs.AutoPayEnabled;
            prefs.AutoPayPaymentMethodId = autoPay.PaymentMethodId is null ? (prefs.AutoPayEnabled ? prefs.AutoPayPaymentMethodId : null) : autoPay.PaymentMethodId.Trim();
        }
        if (request.MailingAddress is { } m)
        {
            prefs.MailingSameAsPrimary = m.SameAsPrimaryPremise ?? false;
            prefs.MailingStreet = prefs.MailingSameAsPrimary ? null : m.Street!.Trim();
            prefs.MailingUnit = prefs.MailingSameAsPrimary ? null : Text.Clean(m.Unit);
            prefs.MailingCity = prefs.MailingSameAsPrimary ? null : m.City!.Trim();
            prefs.MailingState = prefs.MailingSameAsPrimary ? null : m.State!.Trim().ToUpperInvariant();
            prefs.MailingZip = prefs.MailingSameAsPrimary ? null : m.Zip!.Trim();
        }
        if (prefs.AutoPayEnabled && prefs.AutoPayPaymentMethodId is null)
        {
            errors.Add("autoPay.paymentMethodId", "Auto-pay needs a payment method: the token your payment processor returned.");
            return errors;
        }
        await SaveAsync(db, acting, prefs, before, time, ct);
        return Response(prefs);
    }

    public static async Task<Outcome<NotificationSettings>> UpdateNotificationsAsync(
        NotificationSettingsInput? request, ActingCustomer acting, CustomerDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (request is null)
        {
            var errors = new ValidationErrors();
            errors.AddMissingBody();
            return errors;
        }
        var prefs = await LoadAsync(db, acting.CustomerId, time, ct);
        var before = Response(prefs);
        Apply(prefs, request);
        await SaveAsync(db, acting, prefs, before, time, ct);
        return Response(prefs).Notifications;
    }

    private static void Validate(UpdatePreferencesRequest r, ValidationErrors errors)
    {
        if (r.BillDelivery is not null && !BillDelivery.All.Contains(r.BillDelivery.Trim().ToLowerInvariant()))
            errors.Add("billDelivery", "Bill delivery must be email, mail or both.");
        if (r.AutoPay?.PaymentMethodId is { } token)
        {
            if (CardNumberLike().IsMatch(token))
                errors.Add("autoPay.paymentMethodId", "Never send card numbers here: send the payment-method token your payment processor returned.");
            else if (!PaymentMethodToken().IsMatch(token.Trim()))
                errors.Add("autoPay.paymentMethodId", "A payment-method token is 3 to 100 letters, digits, '_' or '-'.");
        }
        if (r.MailingAddress is { } m && m.SameAsPrimaryPremise != true)
        {
            if (m.SameAsPrimaryPremise is null && m.Street is null)
                errors.Add("mailingAddress.sameAsPrimaryPremise", "Say whether bills go to the primary premise, or give a mailing address.");
            else
                AddressInput.Validate(new AddressInput { Street = m.Street, Unit = m.Unit, City = m.City, State = m.State, Zip = m.Zip }, "mailingAddress", errors, mustBeServed: false);
        }
    }

    private static void Apply(CustomerPreferences prefs, NotificationSettingsInput n)
    {
        prefs.NotifyBillReady = n.BillReady ?? prefs.NotifyBillReady;
        prefs.NotifyPaymentDue = n.PaymentDue ?? prefs.NotifyPaymentDue;
        prefs.NotifyOutageAlerts = n.OutageAlerts ?? prefs.NotifyOutageAlerts;
        prefs.NotifyHighUsageAlerts = n.HighUsageAlerts ?? prefs.NotifyHighUsageAlerts;
    }

    /// <summary>Every customer has preferences from enrollment; a customer created otherwise gets the defaults on first use.</summary>
    private static async Task<CustomerPreferences> LoadAsync(CustomerDbContext db, long customerId, TimeProvider time, CancellationToken ct) =>
        await db.Preferences.FirstOrDefaultAsync(p => p.CustomerId == customerId, ct) ?? db.Preferences.Add(Defaults(customerId, time)).Entity;

    private static CustomerPreferences Defaults(long customerId, TimeProvider time) =>
        new() { CustomerId = customerId, BillDelivery = BillDelivery.Email, UpdatedAt = time.GetUtcNow().UtcDateTime };

    private static async Task SaveAsync(CustomerDbContext db, ActingCustomer acting, CustomerPreferences prefs, PreferencesResponse before, TimeProvider time, CancellationToken ct)
    {
        var after = Response(prefs);
        if (after == before && db.Entry(prefs).State != EntityState.Added) return;
        var now = time.GetUtcNow().UtcDateTime;
        prefs.UpdatedAt = now;
        db.LogChange(acting.CustomerId, "preferences", acting.Actor, now, before, after);
        db.Record(acting.CustomerId, new PreferencesUpdatedEvent(acting.CustomerId, after, now));
        await db.SaveChangesAsync(ct);
    }

    private static PreferencesResponse Response(CustomerPreferences p) => new(
        p.BillDelivery, p.MarketingOptIn,
        new NotificationSettings(p.NotifyBillReady, p.NotifyPaymentDue, p.NotifyOutageAlerts, p.NotifyHighUsageAlerts),
        new AutoPaySettings(p.AutoPayEnabled, p.AutoPayPaymentMethodId),
        new MailingAddressSettings(p.MailingSameAsPrimary, p.MailingStreet, p.MailingUnit, p.MailingCity, p.MailingState, p.MailingZip));

    // 13 to 19 digits, however spaced or dashed: the shape of a primary account number.
    [GeneratedRegex(@"^[\d\s-]{13,}$")]
    private static partial Regex CardNumberLike();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{3,100}$")]
    private static partial Regex PaymentMethodToken();
}

