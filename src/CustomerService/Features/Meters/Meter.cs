namespace CustomerService.Features.Meters;

/// <summary>
/// A meter registered at a service point. It is <c>available</c> until an enrollment claims it
/// (<c>pending</c>), becomes <c>active</c> when the contract starts, and <c>removed</c> when taken out.
/// </summary>
public sealed class Meter
{
    public long Id { get; init; }
    public required string MeterNumber { get; init; }
    public required string Type { get; set; }
    public required string Status { get; set; }
    public long ServicePointId { get; set; }
    public long? PremiseId { get; set; }
    public DateOnly? InstallDate { get; set; }
}

public static class MeterStatus
{
    public const string Available = "available";
    public const string Pending = "pending";
    public const string Active = "active";
    public const string Removed = "removed";
}
