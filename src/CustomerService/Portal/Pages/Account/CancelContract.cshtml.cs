using CustomerService.Common;
using CustomerService.Features.Contracts;
using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Outbox;
using CustomerService.Portal.Account;
using Microsoft.AspNetCore.Mvc;

namespace CustomerService.Portal.Pages.Account;

/// <summary>Cancelling a contract: the page states the fee today's cancellation would charge before the customer confirms.</summary>
public sealed class CancelContractModel(ContractAccess access, CustomerDbContext db, ServiceCalendar calendar) : AccountPageModel
{
    public Contract Contract { get; private set; } = null!;

    public EtfDecision? Fee { get; private set; }

    public DateOnly Today => calendar.Today;

    [BindProperty]
    public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(long contractId, CancellationToken ct) =>
        await LoadAsync(contractId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long contractId, CancellationToken ct)
    {
        var result = (await Features.Contracts.CancelContract.Handle(contractId, new CancelContractRequest(Reason), Acting, access, db, calendar, ct)).Result;
        if (ValueOf<CancelContractResponse>(result) is { } cancelled)
        {
            Notice = $"Contract {cancelled.ContractNumber} is cancelled. Early termination fee charged: {PortalHtml.Money(cancelled.EarlyTerminationFee.Charged)}.";
            return Redirect("/account/contracts");
        }
        if (IsNotFound(result)) return NotFound();
        ShowProblem(result, "reason", "The contract could not be cancelled.");
        db.ChangeTracker.Clear();
        return await LoadAsync(contractId, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(long contractId, CancellationToken ct)
    {
        var contract = await access.FindAsync(Acting.CustomerId, contractId, ct);
        if (contract is null) return false;
        Contract = contract;
        Fee = contract.CanCancel(calendar.Today) ? contract.EtfIfCancelled(calendar.Today) : null;
        return true;
    }
}
