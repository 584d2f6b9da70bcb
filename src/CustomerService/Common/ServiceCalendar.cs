namespace CustomerService.Common;

/// <summary>
/// Dates as the retailer sees them: the service operates on America/Chicago time (ERCOT), so "today"
/// is today in Chicago, whatever the server's own time zone. Business days are Monday to Friday except the
/// US federal holidays (<see cref="FederalHolidays"/>).
/// </summary>
public sealed class ServiceCalendar(TimeProvider time)
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");

    /// <summary>The latest service start, stop or move date, counted in days from today.</summary>
    public const int HorizonDays = 90;

    /// <summary>A switch starts no earlier than this many business days after today (see <see cref="EarliestSwitchDate"/>).</summary>
    public const int SwitchLeadBusinessDays = 2;

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    public DateOnly Today => DateOf(UtcNow);

    /// <summary>The date in Chicago of an instant.</summary>
    public static DateOnly DateOf(DateTime utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone));

    /// <summary>The window of requested service start dates: tomorrow through 90 days ahead.</summary>
    public (DateOnly Earliest, DateOnly Latest) StartDateWindow => (Today.AddDays(1), Today.AddDays(HorizonDays));

    /// <summary>
    /// The first date a switch (the premise already has power from another provider) can be made: the second business
    /// day after today, which leaves the market its business day to send the switch request to the TDSP.
    /// </summary>
    public DateOnly EarliestSwitchDate => AddBusinessDays(Today, SwitchLeadBusinessDays);

    public static bool IsBusinessDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !FederalHolidays.IsHoliday(date);

    /// <summary>The <paramref name="count"/>th business day after <paramref name="date"/> (the date itself is not counted).</summary>
    public static DateOnly AddBusinessDays(DateOnly date, int count)
    {
        var day = date;
        for (var counted = 0; counted < count;)
        {
            day = day.AddDays(1);
            if (IsBusinessDay(day)) counted++;
        }
        return day;
    }
}
