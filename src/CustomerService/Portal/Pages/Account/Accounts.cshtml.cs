using CustomerService.Features.Accounts;
using CustomerService.Features.Billing;
using CustomerService.Infrastructure.Data;
using CustomerService.Portal.Account;

namespace CustomerService.Portal.Pages.Account;

/// <summary>Every account with its balance, premises and meters.</summary>
public sealed class AccountsModel(CustomerDbContext db, AccountAccess access, Balances balances) : AccountPageModel
{
    public IReadOnlyList<AccountDetailResponse> Accounts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Accounts = await CustomerAccounts.DetailsAsync(access.PartiesOf(Acting.CustomerId), null, balances, db, ct);
}
