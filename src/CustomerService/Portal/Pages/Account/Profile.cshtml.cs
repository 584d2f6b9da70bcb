using CustomerService.Common;
using CustomerService.Features.Customers;
using CustomerService.Features.Enrollment;
using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Outbox;
using CustomerService.Portal.Account;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;

namespace CustomerService.Portal.Pages.Account;

/// <summary>Contact details, changed through the self-service API's own update (same rules, change log and CustomerUpdated event).</summary>
public sealed class ProfileModel(CustomerDbContext db, IDataProtectionProvider protection, TimeProvider time) : AccountPageModel
{
    public CustomerResponse Customer { get; private set; } = null!;

    /// <summary>The values to show: what was just submitted when it failed, otherwise what is stored.</summary>
    public UpdateCustomerRequest Form { get; private set; } = new();

    public bool IsBusiness => Customer.Type == CustomerTypes.Business;

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Form = new UpdateCustomerRequest
        {
            FirstName = Customer.FirstName, LastName = Customer.LastName, BusinessName = Customer.BusinessName, Email = Customer.Email, Phone = Customer.Phone,
            PrimaryContact = Customer.PrimaryContact is { } c
                ? new PrimaryContactInput { FirstName = c.FirstName, LastName = c.LastName, Title = c.Title, Email = c.Email, Phone = c.Phone }
                : null,
        };
    }

    public async Task<IActionResult> OnPostAsync([FromForm] UpdateCustomerRequest form, CancellationToken ct)
    {
        await LoadAsync(ct);
        // Only the fields this customer type has: the update rejects the others.
        Form = IsBusiness
            ? new UpdateCustomerRequest { BusinessName = form.BusinessName ?? "", Email = form.Email ?? "", Phone = form.Phone ?? "", PrimaryContact = form.PrimaryContact ?? new PrimaryContactInput() }
            : new UpdateCustomerRequest { FirstName = form.FirstName ?? "", LastName = form.LastName ?? "", Email = form.Email ?? "", Phone = form.Phone ?? "" };
        var outcome = await CustomerProfile.UpdateAsync(Form, Acting, db, protection, time, ct);
        if (outcome is Outcome<CustomerResponse>.Done)
        {
            Notice = "Your contact details are saved.";
            return Redirect("/account/profile");
        }
        ShowRefusal(outcome, "email"); // the one conflict: an email another customer uses
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        Customer = OwnRead(await CustomerProfile.GetAsync(Acting, db, protection, ct));
    }
}
