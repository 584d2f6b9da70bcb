using CustomerService.Common;
using CustomerService.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace CustomerService.Portal.Account;

/// <summary>
/// A signed-in portal page. It acts for the customer linked to the session's sign-in (linked on first sight by
/// verified email, DESIGN.md section 5) and calls the same use cases as the self-service API with that customer, so
/// the portal and the API share every rule, including which accounts a customer may see. Staff roles never apply here.
/// </summary>
public abstract class AccountPageModel : PortalPageModel
{
    public ActingCustomer Acting { get; private set; } = null!;

    /// <summary>A message carried across a redirect after a change (Post/Redirect/Get).</summary>
    [TempData]
    public string? Notice { get; set; }

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var user = CurrentUser.From(User);
        if (user is null)
        {
            context.Result = Challenge(PortalAuthentication.CookieScheme);
            return;
        }
        var links = HttpContext.RequestServices.GetRequiredService<CustomerLinks>();
        var customerId = await links.LinkedCustomerAsync(user, HttpContext.RequestAborted);
        if (customerId is null)
        {
            context.Result = Redirect("/account/not-linked");
            return;
        }
        Acting = new ActingCustomer(customerId.Value, user);
        ViewData["SignedIn"] = true;
        await next();
    }

    /// <summary>
    /// The value of a read of the customer's own record or accounts as a whole (profile, summary, list): the page
    /// resolved the customer before the handler ran, so such a read is refused only if the record was deleted since.
    /// </summary>
    protected static T OwnRead<T>(Outcome<T> outcome) => outcome is Outcome<T>.Done done
        ? done.Value
        : throw new InvalidOperationException($"A read of the signed-in customer's own accounts was refused: {outcome}");

    /// <summary>Shows why a use case did not do it: its validation errors under their own fields, a refusal's detail under <paramref name="key"/>.</summary>
    protected void ShowRefusal<T>(Outcome<T> outcome, string key)
    {
        switch (outcome)
        {
            case Outcome<T>.Invalid invalid:
                ShowErrors(invalid.Errors);
                break;
            case Outcome<T>.Refused refused:
                var errors = new ValidationErrors();
                errors.Add(key, refused.Why.Detail);
                ShowErrors(errors);
                break;
        }
    }
}
