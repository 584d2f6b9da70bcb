namespace CustomerService.Features.ServicePoints;

/// <summary>
/// A service delivery point known to the market before anyone enrolls: an address with its ERCOT ESI ID,
/// delivered by one TDSP. Meters are registered at service points.
/// </summary>
public sealed class ServicePoint
{
    public long Id { get; init; }
    public required string EsiId { get; init; }
    public required string Street { get; set; }
    public string? Unit { get; set; }
    public required string City { get; set; }
    public required string State { get; set; }
    public required string Zip { get; set; }
    /// <summary>Normalized street line and ZIP (see AddressNormalizer.Key): the indexed lookup key.</summary>
    public required string AddressKey { get; set; }
    public required string TerritoryCode { get; set; }
    /// <summary>residential or commercial.</summary>
    public required string PremiseType { get; set; }
    /// <summary>
    /// A switch hold placed by the TDSP (e.g. for a previous occupant's unpaid charges or meter tampering): no switch may
    /// be made here until it is lifted; a move-in with proof of occupancy may proceed.
    /// </summary>
    public bool SwitchHold { get; set; }
}
