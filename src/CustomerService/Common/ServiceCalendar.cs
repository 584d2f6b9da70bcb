namespace CustomerService.Common;

/// <summary>
/// Dates as the retailer sees them: the service operates on America/Chicago time (ERCOT), so "today"
/// is today in Chicago, whatever the server's own time zone.
/// </summary>
public sealed class ServiceCalendar(TimeProvider time)
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(UtcNow, Zone));

    /// <summary>The window of requested service start dates: tomorrow through 90 days ahead.</summary>
    public (DateOnly Earliest, DateOnly Latest) StartDateWindow => (Today.AddDays(1), Today.AddDays(90));
}
