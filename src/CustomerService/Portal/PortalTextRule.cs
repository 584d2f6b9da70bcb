using CustomerService.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace CustomerService.Portal;

/// <summary>
/// Applies <see cref="Text"/>'s rule to every value a portal page receives (form fields and query parameters) before
/// its handler runs. No one types a control character into a form, so a post carrying one is answered with the
/// 400 error page naming the field, and nothing of it reaches a use case or the database. Lengths and everything
/// else are the use cases' own rules, shown next to the fields.
/// </summary>
public sealed class PortalTextRule : IAsyncPageFilter
{
    /// <summary>The <see cref="HttpContext.Items"/> key under which the error page finds the refused field.</summary>
    public const string RefusedField = "portal.refused-field";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        // The error page itself, re-executed for the refusal, sees the same form.
        if (http.Features.Get<IStatusCodeReExecuteFeature>() is null && await RefusedAsync(http.Request) is { } field)
        {
            http.Items[RefusedField] = field.Length > 60 ? field[..60] + "…" : field;
            context.Result = new BadRequestResult();
            return;
        }
        await next();
    }

    private static async Task<string?> RefusedAsync(HttpRequest request)
    {
        foreach (var (name, values) in request.Query)
            if (values.Any(v => v is not null && !Text.IsAcceptable(v))) return name;
        if (!request.HasFormContentType) return null;
        foreach (var (name, values) in await request.ReadFormAsync())
            if (values.Any(v => v is not null && !Text.IsAcceptable(v))) return name;
        return null;
    }
}
