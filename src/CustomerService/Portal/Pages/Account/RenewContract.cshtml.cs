using CustomerService.Common;
using CustomerService.Features.Contracts;
using CustomerService.Features.Plans;
using CustomerService.Infrastructure.Data;
using CustomerService.Portal.Account;
using Microsoft.AspNetCore.Mvc;

namespace CustomerService.Portal.Pages.Account;

/// <summary>Renewing a contract onto a plan offered at its premises: new dates and the new contract's fee are shown before confirming.</summary>
public sealed class RenewContractModel(ContractAccess access, PlanCatalog catalog, NumberSequences numbers, CustomerDbContext db,
    ServiceCalendar calendar) : AccountPageModel
{
    public ContractView Contract { get; private set; } = null!;

    public IReadOnlyList<PlanResponse> Plans { get; private set; } = [];

    [BindProperty]
    public long? PlanId { get; set; }

    public async Task<IActionResult> OnGetAsync(long contractId, CancellationToken ct)
    {
        if (!await LoadAsync(contractId, ct)) return NotFound();
        PlanId ??= Plans.Any(p => p.PlanId == Contract.PlanId) ? Contract.PlanId : Plans.Count > 0 ? Plans[0].PlanId : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long contractId, CancellationToken ct)
    {
        if (PlanId is null)
        {
            var errors = new ValidationErrors();
            errors.Add("planId", "Choose the plan to renew onto.");
            ShowErrors(errors);
        }
        else
        {
            var outcome = await Features.Contracts.RenewContract.HandleAsync(contractId, new RenewContractRequest(PlanId), Acting, access, catalog, numbers, db, calendar, ct);
            switch (outcome)
            {
                case Outcome<ContractResponse>.Done { Value: var renewal }:
                    Notice = $"Renewed: new contract {renewal.ContractNumber} on {renewal.Plan.Name} runs from {PortalHtml.Date(renewal.StartDate)} to {PortalHtml.Date(renewal.EndDate)}.";
                    return Redirect("/account/contracts");
                case Outcome<ContractResponse>.Refused { Why.Kind: RefusalKind.NotFound }:
                    return NotFound();
            }
            ShowRefusal(outcome, "planId");
        }
        db.ChangeTracker.Clear();
        return await LoadAsync(contractId, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(long contractId, CancellationToken ct)
    {
        if (await CustomerContracts.ViewAsync(contractId, Acting, access, calendar, ct) is not Outcome<ContractView>.Done contract) return false;
        Contract = contract.Value;
        Plans = Contract.CanRenew ? (await Features.Contracts.RenewContract.PlansForAsync(contractId, catalog, db, ct)).Select(PlanResponse.From).ToList() : [];
        return true;
    }
}
