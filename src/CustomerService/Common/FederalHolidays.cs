namespace CustomerService.Common;

/// <summary>
/// The US federal holidays (5 U.S.C. 6103), computed for any year rather than listed: fixed dates are observed on the
/// Friday before when they fall on a Saturday and on the Monday after when they fall on a Sunday (so New Year's Day
/// 2028, a Saturday, is observed on Friday 2027-12-31). Juneteenth counts from 2021, the year it became one.
/// </summary>
public static class FederalHolidays
{
    /// <summary>The observed holidays that fall in <paramref name="year"/>, with their names.</summary>
    public static IReadOnlyList<(DateOnly Date, string Name)> In(int year) =>
        Observed(year).Concat(Observed(year + 1))
            .Where(h => h.Date.Year == year).OrderBy(h => h.Date).ToList();

    public static bool IsHoliday(DateOnly date) => In(date.Year).Any(h => h.Date == date);

    /// <summary>Holidays of <paramref name="year"/> on their observed days (New Year's Day may be observed the year before).</summary>
    private static IEnumerable<(DateOnly Date, string Name)> Observed(int year)
    {
        yield return (ObservedDay(new DateOnly(year, 1, 1)), "New Year's Day");
        yield return (Nth(year, 1, DayOfWeek.Monday, 3), "Birthday of Martin Luther King, Jr.");
        yield return (Nth(year, 2, DayOfWeek.Monday, 3), "Washington's Birthday");
        yield return (Last(year, 5, DayOfWeek.Monday), "Memorial Day");
        if (year >= 2021) yield return (ObservedDay(new DateOnly(year, 6, 19)), "Juneteenth National Independence Day");
        yield return (ObservedDay(new DateOnly(year, 7, 4)), "Independence Day");
        yield return (Nth(year, 9, DayOfWeek.Monday, 1), "Labor Day");
        yield return (Nth(year, 10, DayOfWeek.Monday, 2), "Columbus Day");
        yield return (ObservedDay(new DateOnly(year, 11, 11)), "Veterans Day");
        yield return (Nth(year, 11, DayOfWeek.Thursday, 4), "Thanksgiving Day");
        yield return (ObservedDay(new DateOnly(year, 12, 25)), "Christmas Day");
    }

    private static DateOnly ObservedDay(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Saturday => date.AddDays(-1),
        DayOfWeek.Sunday => date.AddDays(1),
        _ => date,
    };

    private static DateOnly Nth(int year, int month, DayOfWeek day, int n)
    {
        var first = new DateOnly(year, month, 1);
        return first.AddDays(((int)day - (int)first.DayOfWeek + 7) % 7 + (n - 1) * 7);
    }

    private static DateOnly Last(int year, int month, DayOfWeek day)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        return last.AddDays(-(((int)last.DayOfWeek - (int)day + 7) % 7));
    }
}
