namespace CustomerService.Features.Plans;

/// <summary>A retail electricity plan from the catalog, offered in a set of TDSP territories.</summary>
public sealed class Plan
{
    public long Id { get; init; }
    public required string Name { get; set; }
    public required string Description { get; set; }
    /// <summary>Energy charge in cents per kWh.</summary>
    public decimal RatePerKwh { get; set; }
    public int TermMonths { get; set; }
    /// <summary>Early termination fee in dollars.</summary>
    public decimal EarlyTerminationFee { get; set; }
    /// <summary>Monthly base charge in dollars.</summary>
    public decimal BaseCharge { get; set; }
    public int RenewablePercent { get; set; }
    /// <summary>fixed, variable or indexed.</summary>
    public required string PlanType { get; set; }
    public List<string> Features { get; set; } = [];
    public bool IsActive { get; set; } = true;
}

/// <summary>That a plan is offered in a territory.</summary>
public sealed class PlanTerritory
{
    public long PlanId { get; init; }
    public required string TerritoryCode { get; init; }
}

public static class PlanTypes
{
    public const string Fixed = "fixed";
    public const string Variable = "variable";
    public const string Indexed = "indexed";
}
