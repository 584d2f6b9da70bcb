namespace CustomerService.Features.Accounts;

/// <summary>A billing account: has premises (1..n) and parties (customers with a role on it).</summary>
public sealed class Account
{
    public long Id { get; init; }
    public required string AccountNumber { get; init; }
    public string? Nickname { get; set; }
    /// <summary>residential or commercial.</summary>
    public required string Type { get; init; }
    /// <summary>pending until its first contract starts, then active; inactive or closed later.</summary>
    public required string Status { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A customer's role on an account (customer-management.md's customer_accounts).</summary>
public sealed class AccountParty
{
    public long Customer { get; init; }
    public long Account { get; init; }
    public required string Role { get; init; }
    public DateTime CreatedAt { get; init; }
}

public static class AccountRoles
{
    /// <summary>Primary account holder: full control.</summary>
    public const string Occupier = "occupier";
    public const string Landlord = "landlord";
    public const string Agent = "agent";
    public const string Billing = "billing";
}

public static class AccountStatus
{
    public const string Pending = "pending";
    public const string Active = "active";
    public const string Inactive = "inactive";
    public const string Closed = "closed";
}

public static class AccountTypes
{
    public const string Residential = "residential";
    public const string Commercial = "commercial";
}
