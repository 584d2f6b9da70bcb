using CustomerService.Common;
using CustomerService.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace CustomerService.Portal.Account;

/// <summary>
/// A signed-in portal page. It acts for the customer linked to the session's sign-in (linked on first sight by
/// verified email, DESIGN.md section 5) and calls the self-service API's own handlers with that customer, so the
/// portal and the API share every rule, including which accounts a customer may see. Staff roles never apply here.
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

    /// <summary>The value of a handler's success result; null for its problem results (not found, not allowed).</summary>
    protected static T? ValueOf<T>(IResult result) where T : class => result switch
    {
        Ok<T> ok => ok.Value,
        Created<T> created => created.Value,
        _ => null,
    };

    protected static bool IsNotFound(IResult result) => result is ProblemHttpResult { StatusCode: StatusCodes.Status404NotFound };

    /// <summary>Shows why a handler refused: its validation errors under their own fields, any other problem under <paramref name="key"/>.</summary>
    protected void ShowProblem(IResult result, string key, string fallback)
    {
        var errors = new ValidationErrors();
        if (result is ValidationProblem validation)
        {
            foreach (var (field, messages) in validation.ProblemDetails.Errors)
                foreach (var message in messages) errors.Add(field, message);
        }
        else errors.Add(key, (result as ProblemHttpResult)?.ProblemDetails is { } problem ? problem.Detail ?? problem.Title ?? fallback : fallback);
        ShowErrors(errors);
    }
}
