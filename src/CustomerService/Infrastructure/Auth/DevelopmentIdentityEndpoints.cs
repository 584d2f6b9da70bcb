using CustomerService.Common;
using CustomerService.Infrastructure.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Infrastructure.Auth;

public sealed record DevelopmentTokenRequest(long? CustomerId, string? Role);

public sealed record DevelopmentTokenResponse(string AccessToken, string TokenType, int ExpiresIn, string Subject, IReadOnlyList<string> Roles);

public static class DevelopmentIdentityEndpoints
{
    /// <summary>Only in development identity mode: POST /dev/identity/token issues a token for a customer (by id) or for a staff/service role.</summary>
    public static IEndpointRouteBuilder MapDevelopmentIdentity(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetService<DevelopmentIdentity>() is null) return app;
        app.MapPost("/dev/identity/token", IssueToken).AllowAnonymous().WithTags("Development identity")
            .WithSummary("DEVELOPMENT ONLY: a signed access token for a customer ({\"customerId\": 1}) or a role ({\"role\": \"csr\"})");
        return app;
    }

    public static async Task<Results<Ok<DevelopmentTokenResponse>, ValidationProblem, ProblemHttpResult>> IssueToken(
        DevelopmentTokenRequest? request, DevelopmentIdentity identity, CustomerDbContext db, TimeProvider time, CancellationToken ct)
    {
        var lifetime = TimeSpan.FromHours(8);
        var now = time.GetUtcNow().UtcDateTime;
        if (request?.CustomerId is { } customerId)
        {
            var customer = await db.Customers.AsNoTracking().Where(c => c.Id == customerId).Select(c => new { c.Email, c.Subject }).FirstOrDefaultAsync(ct);
            if (customer is null) return Problems.NotFound("Customer not found", $"There is no customer {customerId}; enroll first.");
            var subject = customer.Subject ?? $"dev-customer-{customerId}";
            return Token(identity.CreateToken(subject, customer.Email, [Roles.Customer], lifetime, now), subject, [Roles.Customer], lifetime);
        }
        if (request?.Role is Roles.Csr or Roles.Admin or Roles.Service)
        {
            var subject = $"dev-{request.Role}";
            return Token(identity.CreateToken(subject, null, [request.Role], lifetime, now), subject, [request.Role], lifetime);
        }
        var errors = new ValidationErrors();
        errors.Add("$", "Send {\"customerId\": <id>} for a customer token, or {\"role\": \"csr\" | \"admin\" | \"service\"}.");
        return Problems.Validation(errors);
    }

    private static Ok<DevelopmentTokenResponse> Token(string token, string subject, string[] roles, TimeSpan lifetime) =>
        TypedResults.Ok(new DevelopmentTokenResponse(token, "Bearer", (int)lifetime.TotalSeconds, subject, roles));
}
