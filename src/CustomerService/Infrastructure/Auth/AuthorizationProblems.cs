using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace CustomerService.Infrastructure.Auth;

/// <summary>Endpoint metadata for an interface that answers its own 401 and 403 in its own shape (the PostgREST query interface).</summary>
public interface IAuthorizationFailureResponder
{
    /// <summary>Answers the failure; the challenge or forbid of the authentication scheme is the responder's to make.</summary>
    Task RespondAsync(HttpContext http, AuthorizationPolicy policy, PolicyAuthorizationResult result);
}

/// <summary>
/// 401 and 403 of the JSON API as RFC 9457 problems that say what to do: which token to send, which role the endpoint
/// needs. The scheme still challenges (so <c>WWW-Authenticate</c> stays on a 401) and forbids; the portal's pages keep
/// the framework's handling (their cookie scheme redirects to sign-in), and an endpoint that answers in its own shape
/// carries an <see cref="IAuthorizationFailureResponder"/>.
/// </summary>
public sealed class AuthorizationProblems(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }
        if (context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizationFailureResponder>() is { } responder)
        {
            await responder.RespondAsync(context, policy, authorizeResult);
            return;
        }
        // The framework challenges or forbids with the policy's schemes and writes no body.
        await _default.HandleAsync(next, context, policy, authorizeResult);
        if (Portal.PortalSetup.IsPortalPage(context.Request.Path) || context.Response.HasStarted) return;

        var problem = context.Response.StatusCode switch
        {
            StatusCodes.Status401Unauthorized => new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = context.Request.Headers.Authorization.Count > 0 ? "Invalid access token" : "Authentication required",
                Detail = context.Request.Headers.Authorization.Count > 0
                    ? "The access token is missing, expired or not issued for this service. Get a new one from the identity provider and send it as Authorization: Bearer <access token>."
                    : "Send a bearer token from the identity provider (Authorization: Bearer <access token>).",
            },
            StatusCodes.Status403Forbidden => new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Role required",
                Detail = RoleDetail(context, policy, authorizeResult),
            },
            _ => null,
        };
        if (problem is not null) await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    private static string RoleDetail(HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        var failed = result.AuthorizationFailure?.FailedRequirements.OfType<RolesAuthorizationRequirement>().ToList() is { Count: > 0 } f
            ? f
            : policy.Requirements.OfType<RolesAuthorizationRequirement>().ToList();
        var held = context.User.FindAll(RealmRoles.ClaimType).Select(c => c.Value).Distinct().Order(StringComparer.Ordinal).ToList();
        var yours = held.Count == 0 ? "Your token has no role of this service." : $"Your token has the role{(held.Count == 1 ? "" : "s")} {string.Join(", ", held)}.";
        if (failed.Count == 0) return $"Your token does not grant access to this endpoint. {yours}";
        // Nested groups each add a requirement (staff, then admin): the roles that satisfy all of them.
        var needed = failed.Skip(1).Aggregate(failed[0].AllowedRoles.ToList(), (roles, r) => roles.Intersect(r.AllowedRoles).ToList());
        var needs = needed.Count switch
        {
            0 => string.Join(" and ", failed.Select(r => $"one of the roles {string.Join(", ", r.AllowedRoles)}")),
            1 => $"the role {needed[0]}",
            _ => $"one of the roles {string.Join(", ", needed)}",
        };
        return $"This endpoint needs {needs}. {yours} Use a token that has it, or ask the identity provider's administrator for the role.";
    }
}
