namespace CustomerService.Features.Premises;

/// <summary>A service address on an account: a service point as enrolled by a customer.</summary>
public sealed class Premise
{
    public long Id { get; init; }
    public long AccountId { get; init; }
    public long ServicePointId { get; init; }
    public string? EsiId { get; init; }
    public required string Street { get; set; }
    public string? Unit { get; set; }
    public required string City { get; set; }
    public required string State { get; set; }
    public required string Zip { get; set; }
    public required string AddressKey { get; set; }
    public bool IsPrimary { get; set; }
    /// <summary>The energy community / microgrid the premise belongs to, if any.</summary>
    public long? EscoId { get; set; }
    /// <summary>The customer's own name for the premise ("Lake house"); the address itself is fixed by the ESI ID.</summary>
    public string? Nickname { get; set; }
    public DateTime CreatedAt { get; init; }
    /// <summary>active while served; inactive from the day service stopped there (a move-out), kept as history.</summary>
    public string Status { get; set; } = PremiseStatus.Active;
    public DateOnly? InactiveSince { get; set; }
}

public static class PremiseStatus
{
    public const string Active = "active";
    public const string Inactive = "inactive";
}
