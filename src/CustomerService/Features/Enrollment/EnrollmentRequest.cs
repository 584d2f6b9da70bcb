using CustomerService.Common;

namespace CustomerService.Features.Enrollment;

/// <summary>POST /api/enrollment, as customer-service.md's Enrollment Request (individual) and Business Enrollment Request.</summary>
public sealed record EnrollmentRequest
{
    public string? CustomerType { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? BusinessName { get; init; }
    public string? BusinessType { get; init; }
    public string? TaxId { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public PrimaryContactInput? PrimaryContact { get; init; }
    public AddressInput? ServiceAddress { get; init; }
    /// <summary>YYYY-MM-DD, from tomorrow to 90 days ahead (America/Chicago).</summary>
    public string? ServiceStartDate { get; init; }
    public long? SelectedPlanId { get; init; }
    public List<long>? SelectedMeterIds { get; init; }
    public MailingAddressInput? MailingAddress { get; init; }
    public EnrollmentPreferencesInput? Preferences { get; init; }
    public bool? AcceptedTerms { get; init; }
}

public sealed record PrimaryContactInput
{
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Title { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
}

public sealed record MailingAddressInput
{
    public bool? SameAsService { get; init; }
    public string? Street { get; init; }
    public string? Unit { get; init; }
    public string? City { get; init; }
    public string? State { get; init; }
    public string? Zip { get; init; }
}

public sealed record EnrollmentPreferencesInput
{
    public string? BillDelivery { get; init; }
    public bool? MarketingOptIn { get; init; }
}

public static class BusinessTypes
{
    public static readonly IReadOnlyList<string> All =
        ["sole_proprietorship", "partnership", "llc", "corporation", "nonprofit", "government", "other"];
}
