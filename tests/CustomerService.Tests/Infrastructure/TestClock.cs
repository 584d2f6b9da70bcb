namespace CustomerService.Tests.Infrastructure;

/// <summary>A clock the tests set, so that "today in Chicago" and the start-date window are exact.</summary>
public sealed class TestClock : TimeProvider
{
    // 2026-11-21 12:00 in Chicago (CST, UTC−6).
    public static readonly DateTimeOffset Default = new(2026, 11, 21, 18, 0, 0, TimeSpan.Zero);

    private DateTimeOffset _now = Default;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Set(DateTimeOffset utcNow) => _now = utcNow;

    public void Reset() => _now = Default;

    public static DateOnly Today => new(2026, 11, 21);
}
