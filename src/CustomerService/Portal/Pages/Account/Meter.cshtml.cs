using CustomerService.Common;
using CustomerService.Features.Accounts;
using CustomerService.Features.Meters;
using CustomerService.Infrastructure.Data;
using CustomerService.Portal.Account;
using Microsoft.AspNetCore.Mvc;

namespace CustomerService.Portal.Pages.Account;

/// <summary>One meter: its details and a chart of the usage between its reads over the last year.</summary>
public sealed class MeterModel(CustomerDbContext db, AccountAccess access, ServiceCalendar calendar) : AccountPageModel
{
    public MeterDetailResponse Meter { get; private set; } = null!;

    /// <summary>Null when the customer's role may not see this meter's usage.</summary>
    public IReadOnlyList<MeterReading>? Readings { get; private set; }

    /// <summary>Oldest first, only periods with a previous read to measure from.</summary>
    public IReadOnlyList<(DateOnly Date, decimal Kwh)> Usage =>
        Readings?.Where(r => r.Usage is not null).Select(r => (r.ReadDate, r.Usage!.Value)).Reverse().ToList() ?? [];

    public async Task<IActionResult> OnGetAsync(long meterId, CancellationToken ct)
    {
        if (await CustomerMeters.GetAsync(meterId, Acting, access, db, ct) is not Outcome<MeterDetailResponse>.Done meter) return NotFound();
        Meter = meter.Value;
        var today = calendar.Today;
        var readings = await CustomerMeters.ReadingsAsync(meterId, today.AddYears(-1), today, 1, CustomerMeters.MaxPageSize, Acting, access, db, ct);
        Readings = (readings as Outcome<MeterReadingsResponse>.Done)?.Value.Readings; // none when the role may not see usage
        return Page();
    }
}
