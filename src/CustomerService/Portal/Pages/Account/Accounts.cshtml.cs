using CustomerService.Features.Accounts;
using CustomerService.Features.Billing;
using CustomerService.Infrastructure.Data;
using CustomerService.Portal.Account;

namespace CustomerService.Portal.Pages.Account;

/// <summary>Every account with its balance, premises and meters.</summary>
public sealed class AccountsModel(CustomerDbContext db, AccountAccess access, Balances balances) : AccountPageModel
{
    public IReadOnlyList<AccountDetailResponse> Accounts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var details = new List<AccountDetailResponse>();
        foreach (var account in (await AccountEndpoints.List(Acting, access, db, ct)).Value!.Accounts)
        {
            if (ValueOf<AccountDetailResponse>((await AccountEndpoints.Get(account.AccountId, Acting, access, balances, db, ct)).Result) is { } detail)
                details.Add(detail);
        }
        Accounts = details;
    }
}
