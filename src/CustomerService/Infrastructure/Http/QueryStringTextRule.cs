using CustomerService.Common;
using CustomerService.Features.BackOffice.Query;

namespace CustomerService.Infrastructure.Http;

/// <summary>
/// Applies <see cref="Text"/>'s rule to the query parameters of the JSON API (e.g. the event feed's type), answering a
/// validation problem naming the parameter. The portal's pages (<see cref="Portal.PortalTextRule"/>) and the
/// query interface (PostgreSQL's own 22021 for NUL in a filter) answer in their own shapes.
/// </summary>
public static class QueryStringTextRule
{
    public static WebApplication UseQueryStringTextRule(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            var path = http.Request.Path;
            if (!Portal.PortalSetup.IsPortalPage(path) && QueryInterfacePaths.Resource(path) is null)
            {
                var errors = new ValidationErrors();
                foreach (var (name, values) in http.Request.Query)
                {
                    if (values.FirstOrDefault(v => v is not null && !Text.IsAcceptable(v)) is { } value)
                        errors.Add(name.Length > 60 ? name[..60] : name, $"The query parameter {Text.Refusal(value)}");
                }
                if (!errors.IsEmpty)
                {
                    await Problems.Validation(errors).ExecuteAsync(http);
                    return;
                }
            }
            await next(http);
        });
        return app;
    }
}
