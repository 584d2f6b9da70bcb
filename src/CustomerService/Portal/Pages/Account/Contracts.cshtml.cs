using CustomerService.Common;
using CustomerService.Features.Contracts;
using CustomerService.Portal.Account;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Portal.Pages.Account;

/// <summary>Every contract the customer may see, newest first, with renew and cancel where the rules allow them today.</summary>
public sealed class ContractsModel(ContractAccess access, ServiceCalendar calendar) : AccountPageModel
{
    public IReadOnlyList<Contract> Contracts { get; private set; } = [];

    public DateOnly Today => calendar.Today;

    public async Task OnGetAsync(CancellationToken ct) =>
        Contracts = await access.VisibleTo(Acting.CustomerId).AsNoTracking().OrderByDescending(c => c.StartDate).ThenByDescending(c => c.Id).ToListAsync(ct);
}
