using CustomerService.Common;
using CustomerService.Infrastructure.Outbox;

namespace CustomerService.Features.Accounts;

/// <summary>
/// A billing account: has premises (1..n) and parties (customers with a role on it). Parties change only through
/// <see cref="AddParty"/> and <see cref="RemoveParty"/>, which keep the invariants (at least one occupier; nobody
/// landlord and occupier of the same premises; a role once per customer) and record the event in the party's stream.
/// </summary>
public sealed class Account : EventRecordingEntity
{
    private readonly List<AccountParty> _parties = [];

    public long Id { get; init; }
    public required string AccountNumber { get; init; }
    public string? Nickname { get; set; }
    /// <summary>residential or commercial.</summary>
    public required string Type { get; init; }
    /// <summary>pending until its first contract starts, then active; inactive or closed later.</summary>
    public required string Status { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>The customers with a role on the account; load them (Include) before changing them.</summary>
    public IReadOnlyCollection<AccountParty> Parties => _parties;

    /// <summary>Every account event names its stream: the party's own, or the holder's (<see cref="AccountHolders"/>).</summary>
    protected override long EventStream =>
        throw new InvalidOperationException("An account event names its stream: the party added or removed, or the account's holder (AccountHolders).");

    /// <summary>Gives <paramref name="customerId"/> a role on the account; the refusal says why not.</summary>
    public Refusal? AddParty(long customerId, string role, DateTime now)
    {
        var held = _parties.Where(p => p.Customer == customerId).Select(p => p.Role).ToList();
        if (held.Contains(role))
            return Refusal.Conflict("Role already held", $"Customer {customerId} is already {role} on account {AccountNumber}.");
        if ((role == AccountRoles.Landlord && held.Contains(AccountRoles.Occupier)) || (role == AccountRoles.Occupier && held.Contains(AccountRoles.Landlord)))
            return Refusal.Conflict("Landlord and occupier", $"Customer {customerId} cannot be both landlord and occupier of the premises of account {AccountNumber}.");
        _parties.Add(new AccountParty { Customer = customerId, Account = Id, Role = role, CreatedAt = now });
        Record(() => customerId, () => new AccountPartyAddedEvent(Id, AccountNumber, customerId, role, now));
        return null;
    }

    /// <summary>
    /// Takes <paramref name="customerId"/>'s <paramref name="role"/> away; returns the party row for the caller to delete
    /// (the link is required, so EF does not delete it by itself), or the refusal.
    /// </summary>
    public (AccountParty? Removed, Refusal? Refusal) RemoveParty(long customerId, string role, DateTime now)
    {
        var party = _parties.FirstOrDefault(p => p.Customer == customerId && p.Role == role);
        if (party is null)
            return (null, Refusal.NotFound("Party not found", $"Customer {customerId} is not {role} on account {AccountNumber}."));
        if (role == AccountRoles.Occupier && _parties.Count(p => p.Role == AccountRoles.Occupier) == 1)
            return (null, Refusal.Conflict("Last occupier", $"Account {AccountNumber} must keep at least one occupier: add another occupier before removing this one."));
        Record(() => customerId, () => new AccountPartyRemovedEvent(Id, AccountNumber, customerId, role, now));
        return (party, null);
    }
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
