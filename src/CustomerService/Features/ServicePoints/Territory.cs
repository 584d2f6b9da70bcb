namespace CustomerService.Features.ServicePoints;

/// <summary>A TDSP (transmission and distribution service provider) service territory in ERCOT.</summary>
public sealed class Territory
{
    public required string Code { get; init; }
    public required string Name { get; set; }
}

/// <summary>Maps the first three digits of a ZIP code to the territory that delivers power there.</summary>
public sealed class TerritoryZipPrefix
{
    public required string Prefix { get; init; }
    public required string TerritoryCode { get; set; }
}
