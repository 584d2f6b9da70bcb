using System.Diagnostics;
using System.Globalization;
using CustomerService.Infrastructure.Data;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CustomerService.Portal.Pages;

/// <summary>The portal's error page, for unknown addresses and for failures (the API answers problem JSON instead).</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "Something went wrong";
    public string Message { get; private set; } = "";
    public string? TraceId { get; private set; }

    public IActionResult OnGet() => Show();

    public IActionResult OnPost() => Show();

    private PageResult Show()
    {
        // Read from the route, not bound: a re-executed POST whose form cannot be read (a NUL in it) binds nothing.
        int? code = RouteData.Values["code"] is string value && int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        var failure = HttpContext.Features.Get<IExceptionHandlerFeature>();
        var status = code ?? (failure is null ? 404 : DbErrors.IsTransient(failure.Error) ? 503 : 500);
        (Title, Message) = status switch
        {
            404 => ("Page not found", "There is no page at this address. Check the address, or start from the home page."),
            400 when HttpContext.Items[PortalTextRule.RefusedField] is string field => ("We couldn't accept that",
                $"The field {field} contained a character that cannot be typed, such as a control character. Go back, type it again and send the form."),
            400 => ("We couldn't accept that", "Your browser sent something we couldn't use, for example a form that was open for too long. Go back, reload the page and try again."),
            403 => ("You can't see this page", "This page isn't available to your sign-in."),
            503 => ("Temporarily unavailable", "This service is temporarily unavailable, so we couldn't finish what you asked. Please try again in a few moments."),
            _ => ("Sorry, something went wrong", "We couldn't finish what you asked. Nothing you entered has been lost; please try again in a moment."),
        };
        TraceId = status >= 500 ? Activity.Current?.Id ?? HttpContext.TraceIdentifier : null;
        Response.StatusCode = status is >= 400 and < 600 ? status : 500;
        if (status == 503) Response.Headers.RetryAfter = TransientRetries.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return Page();
    }
}
