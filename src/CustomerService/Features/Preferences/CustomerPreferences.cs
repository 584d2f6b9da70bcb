namespace CustomerService.Features.Preferences;

/// <summary>A customer's bill delivery, marketing, notification, auto-pay and mailing-address choices.</summary>
public sealed class CustomerPreferences
{
    public long CustomerId { get; init; }
    public required string BillDelivery { get; set; }
    public bool MarketingOptIn { get; set; }
    public bool NotifyBillReady { get; set; } = true;
    public bool NotifyPaymentDue { get; set; } = true;
    public bool NotifyOutageAlerts { get; set; } = true;
    public bool NotifyHighUsageAlerts { get; set; }
    public bool AutoPayEnabled { get; set; }
    /// <summary>An opaque token from the payment processor; card data never reaches this service.</summary>
    public string? AutoPayPaymentMethodId { get; set; }
    public bool MailingSameAsPrimary { get; set; } = true;
    public string? MailingStreet { get; set; }
    public string? MailingUnit { get; set; }
    public string? MailingCity { get; set; }
    public string? MailingState { get; set; }
    public string? MailingZip { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public static class BillDelivery
{
    public const string Email = "email";
    public const string Mail = "mail";
    public const string Both = "both";
    public static readonly IReadOnlyList<string> All = [Email, Mail, Both];
}
