using CustomerService.Common;
using CustomerService.Features.Contracts;
using CustomerService.Portal.Account;

namespace CustomerService.Portal.Pages.Account;

/// <summary>Every contract the customer may see, newest first, with renew and cancel where the rules allow them today.</summary>
public sealed class ContractsModel(ContractAccess access, ServiceCalendar calendar) : AccountPageModel
{
    public IReadOnlyList<ContractView> Contracts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Contracts = await CustomerContracts.ViewsAsync(Acting, access, calendar, ct);
}
