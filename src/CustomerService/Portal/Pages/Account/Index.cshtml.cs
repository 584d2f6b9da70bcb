using CustomerService.Common;
using CustomerService.Features.Accounts;
using CustomerService.Features.Billing;
using CustomerService.Features.Contracts;
using CustomerService.Features.Customers;
using CustomerService.Features.Meters;
using CustomerService.Infrastructure.Data;
using CustomerService.Portal.Account;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Portal.Pages.Account;

/// <summary>The dashboard: totals across every account (business customers hold many), recent bills, the contracts in force and those about to start.</summary>
public sealed class IndexModel(CustomerDbContext db, AccountAccess access, Balances balances, Usage usage, ContractAccess contracts,
    ServiceCalendar calendar, IDataProtectionProvider protection) : AccountPageModel
{
    public CustomerResponse Customer { get; private set; } = null!;
    public CustomerSummaryResponse Summary { get; private set; } = null!;
    public IReadOnlyList<AccountRow> Accounts { get; private set; } = [];
    public IReadOnlyList<(string AccountNumber, BillResponse Bill)> RecentBills { get; private set; } = [];
    public IReadOnlyList<ContractResponse> ActiveContracts { get; private set; } = [];
    public IReadOnlyList<ContractView> UpcomingContracts { get; private set; } = [];

    public sealed record AccountRow(AccountListItem Account, AccountBalance? Balance);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Customer = OwnRead(await CustomerProfile.GetAsync(Acting, db, protection, ct));
        Summary = OwnRead(await CustomerSummary.GetAsync(Acting, db, access, balances, usage, calendar, ct));
        var accounts = OwnRead(await CustomerAccounts.ListAsync(Acting, access, db, ct)).Accounts;
        // Balances and bills only of the accounts whose role may see them (a landlord's are left out), in one go.
        var visible = accounts.Where(a => AccountPermissions.Allows(a.Roles, AccountPermission.ViewBalances)).Select(a => a.AccountId).ToList();
        var owed = visible.Count == 0 ? [] : await balances.ForAccountsAsync(visible, ct);
        Accounts = accounts.Select(a => new AccountRow(a, owed.GetValueOrDefault(a.AccountId))).ToList();
        var numbers = accounts.ToDictionary(a => a.AccountId, a => a.AccountNumber);
        var bills = await db.Bills.AsNoTracking().Where(b => visible.Contains(b.AccountId))
            .OrderByDescending(b => b.IssueDate).ThenByDescending(b => b.Id).Take(5).ToListAsync(ct);
        RecentBills = bills.Select(b => (numbers[b.AccountId], new BillResponse(b.BillNumber, b.IssueDate, b.DueDate, Decimals.Money(b.Amount), b.Status))).ToList();
        ActiveContracts = OwnRead(await CustomerContracts.ActiveAsync(Acting, contracts, calendar, ct)).Contracts;
        // Signed but not started yet (a new customer's first contract): shown with its start date rather than as "none".
        UpcomingContracts = await CustomerContracts.UpcomingAsync(Acting, contracts, calendar, ct);
    }

    public string Greeting => Customer.Type == CustomerTypes.Business ? Customer.BusinessName ?? "" : $"{Customer.FirstName} {Customer.LastName}";
}
