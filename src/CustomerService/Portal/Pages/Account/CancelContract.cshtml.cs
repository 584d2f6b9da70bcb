using CustomerService.Common;
using CustomerService.Features.Contracts;
using CustomerService.Infrastructure.Data;
using CustomerService.Portal.Account;
using Microsoft.AspNetCore.Mvc;

namespace CustomerService.Portal.Pages.Account;

/// <summary>Cancelling a contract: the page states the fee today's cancellation would charge before the customer confirms.</summary>
public sealed class CancelContractModel(ContractAccess access, CustomerDbContext db, ServiceCalendar calendar) : AccountPageModel
{
    public ContractView Contract { get; private set; } = null!;

    [BindProperty]
    public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(long contractId, CancellationToken ct) =>
        await LoadAsync(contractId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long contractId, CancellationToken ct)
    {
        var outcome = await Features.Contracts.CancelContract.HandleAsync(contractId, new CancelContractRequest(Reason), Acting, access, db, calendar, ct);
        switch (outcome)
        {
            case Outcome<CancelContractResponse>.Done { Value: var cancelled }:
                Notice = $"Contract {cancelled.ContractNumber} is cancelled. Early termination fee charged: {PortalHtml.Money(cancelled.EarlyTerminationFee.Charged)}.";
                return Redirect("/account/contracts");
            case Outcome<CancelContractResponse>.Refused { Why.Kind: RefusalKind.NotFound }:
                return NotFound();
        }
        ShowRefusal(outcome, "reason");
        db.ChangeTracker.Clear();
        return await LoadAsync(contractId, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(long contractId, CancellationToken ct)
    {
        if (await CustomerContracts.ViewAsync(contractId, Acting, access, calendar, ct) is not Outcome<ContractView>.Done contract) return false;
        Contract = contract.Value;
        return true;
    }
}
