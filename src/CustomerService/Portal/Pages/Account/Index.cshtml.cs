using CustomerService.Common;
using CustomerService.Features.Accounts;
using CustomerService.Features.Billing;
using CustomerService.Features.Contracts;
using CustomerService.Features.Customers;
using CustomerService.Features.Meters;
using CustomerService.Infrastructure.Data;
using CustomerService.Portal.Account;
using Microsoft.AspNetCore.DataProtection;

namespace CustomerService.Portal.Pages.Account;

/// <summary>The dashboard: totals across every account (business customers hold many), recent bills and the contracts in force.</summary>
public sealed class IndexModel(CustomerDbContext db, AccountAccess access, Balances balances, Usage usage, ContractAccess contracts,
    ServiceCalendar calendar, IDataProtectionProvider protection) : AccountPageModel
{
    public CustomerResponse Customer { get; private set; } = null!;
    public CustomerSummaryResponse Summary { get; private set; } = null!;
    public IReadOnlyList<AccountRow> Accounts { get; private set; } = [];
    public IReadOnlyList<(string AccountNumber, BillResponse Bill)> RecentBills { get; private set; } = [];
    public IReadOnlyList<ContractResponse> ActiveContracts { get; private set; } = [];

    public sealed record AccountRow(AccountListItem Account, AccountSummaryResponse? Balance);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Customer = ValueOf<CustomerResponse>((await CustomerProfile.Get(Acting, db, protection, ct)).Result)!;
        Summary = await CustomerSummary.Get(Acting, db, access, balances, usage, calendar, ct);
        var rows = new List<AccountRow>();
        foreach (var account in (await AccountEndpoints.List(Acting, access, db, ct)).Value!.Accounts)
        {
            // Null where the customer's role on the account may not see balances (a landlord, say).
            var balance = ValueOf<AccountSummaryResponse>((await AccountEndpoints.Summary(account.AccountId, Acting, access, balances, db, ct)).Result);
            rows.Add(new AccountRow(account, balance));
        }
        Accounts = rows;
        RecentBills = rows.Where(r => r.Balance is not null)
            .SelectMany(r => r.Balance!.RecentBills.Select(b => (r.Account.AccountNumber, b)))
            .OrderByDescending(b => b.b.IssueDate).Take(5).ToList();
        ActiveContracts = (await ContractEndpoints.Active(Acting, contracts, calendar, ct)).Value!.Contracts;
    }

    public string Greeting => Customer.Type == CustomerTypes.Business ? Customer.BusinessName ?? "" : $"{Customer.FirstName} {Customer.LastName}";
}
