using System.ComponentModel;
using CustomerService.Common;

namespace CustomerService.Features.Enrollment;

/// <summary>POST /api/enrollment, as customer-service.md's Enrollment Request (individual) and Business Enrollment Request.</summary>
public sealed record EnrollmentRequest
{
    public string? CustomerType { get; init; }
    /// <summary>switch (the premise has power from another provider) or moveIn (a new occupant); absent means switch.</summary>
    [Description("switch: the premise already has power from another provider (the default when absent); moveIn: a new occupant. " +
        "A move-in may start from tomorrow, a switch from the second business day after today (weekends and US federal holidays are not business days).")]
    [DefaultValue(EnrollmentTypes.Switch)]
    public string? EnrollmentType { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? BusinessName { get; init; }
    public string? BusinessType { get; init; }
    public string? TaxId { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public PrimaryContactInput? PrimaryContact { get; init; }
    public AddressInput? ServiceAddress { get; init; }
    /// <summary>YYYY-MM-DD, to 90 days ahead (America/Chicago): from tomorrow for a move-in, from the second business day for a switch.</summary>
    [Description("YYYY-MM-DD (America/Chicago), at most 90 days ahead: from tomorrow for a move-in, from the second business day after today for a switch.")]
    public string? ServiceStartDate { get; init; }
    /// <summary>For a move-in: the customer attests they can show proof of occupancy (lease, deed, closing documents); lets a move-in proceed at a service point under a switch hold.</summary>
    [Description("For a move-in: the customer attests they can show proof of occupancy (lease, deed or closing documents). Required to move in at a service point under a switch hold; recorded on the enrollment. Ignored for a switch.")]
    public bool? ProofOfOccupancy { get; init; }
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

/// <summary>How service starts at the premise (ERCOT's switch and move-in transactions).</summary>
public static class EnrollmentTypes
{
    public const string Switch = "switch";
    public const string MoveIn = "moveIn";

    public static readonly IReadOnlyList<string> All = [Switch, MoveIn];
}

public static class BusinessTypes
{
    public static readonly IReadOnlyList<string> All =
        ["sole_proprietorship", "partnership", "llc", "corporation", "nonprofit", "government", "other"];
}
