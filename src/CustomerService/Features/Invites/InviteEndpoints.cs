using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CustomerService.Common;
using CustomerService.Features.Customers;
using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Outbox;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CustomerService.Features.Invites;

public sealed class InviteOptions
{
    public const string Section = "Invites";

    /// <summary>The link in the invitation email; {token} is replaced by the invite token.</summary>
    public string AcceptUrlTemplate { get; set; } = "http://localhost:5080/invites/accept?token={token}";
}

public sealed record InviteResponse(long InviteId, long CustomerId, string Status, DateTime CreatedAt, DateTime ExpiresAt, DateTime? AcceptedAt);

public sealed record CreatedInviteResponse(long InviteId, long CustomerId, string Status, DateTime ExpiresAt, string Token, string AcceptUrl);

public sealed record InviteListResponse(IReadOnlyList<InviteResponse> Invites);

public sealed record AcceptInviteRequest(string? Token);

public sealed record InviteAcceptedResponse(long CustomerId, string Subject, DateTime AcceptedAt);

/// <summary>
/// Staff invite a customer to the portal; a signed-in user accepts with the token from the email, which links
/// their sub to the customer. Invites last 7 days; expired or used → 410.
/// </summary>
public static class InviteEndpoints
{
    /// <summary>Staff list and create a customer's portal invitations; any signed-in user accepts one.</summary>
    public static RouteGroupBuilder MapInviteEndpoints(this RouteGroupBuilder staff, IEndpointRouteBuilder app)
    {
        staff.MapGet("/customers/{customerId:long}/invites", List).WithName("ListInvites");
        staff.MapPost("/customers/{customerId:long}/invites", Create).WithName("CreateInvite");
        app.MapPost("/api/invites/accept", Accept).RequireAuthorization().WithTags("Invites").WithName("AcceptInvite");
        return staff;
    }

    public static async Task<Results<Created<CreatedInviteResponse>, ProblemHttpResult>> Create(
        long customerId, HttpContext http, CustomerDbContext db, IOptions<InviteOptions> options, TimeProvider time, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == customerId, ct);
        if (customer is null) return Problems.NotFound("Customer not found", $"There is no customer {customerId}.");
        if (customer.Status == CustomerLifecycle.Closed) return Problems.Conflict("Customer closed", "A closed customer cannot be invited to the portal.");

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = time.GetUtcNow().UtcDateTime;
        var invite = new Invite
        {
            CustomerId = customerId, TokenHash = Hash(token), CreatedAt = now, ExpiresAt = now.AddDays(Invite.ValidDays),
            CreatedBy = CurrentUser.From(http.User)?.Subject ?? "staff",
        };
        var acceptUrl = options.Value.AcceptUrlTemplate.Replace("{token}", Uri.EscapeDataString(token), StringComparison.Ordinal);
        db.Invites.Add(invite);
        db.Record(() => customerId, () => new InviteCreatedEvent(invite.Id, customerId, customer.Email, customer.Name, acceptUrl, invite.ExpiresAt));
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/backoffice/customers/{customerId}/invites",
            new CreatedInviteResponse(invite.Id, customerId, invite.StatusAt(now), invite.ExpiresAt, token, acceptUrl));
    }

    public static async Task<Results<Ok<InviteListResponse>, ProblemHttpResult>> List(long customerId, CustomerDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct)) return Problems.NotFound("Customer not found", $"There is no customer {customerId}.");
        var now = time.GetUtcNow().UtcDateTime;
        var invites = await db.Invites.AsNoTracking().Where(i => i.CustomerId == customerId).OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id).ToListAsync(ct);
        return TypedResults.Ok(new InviteListResponse(invites.Select(i => new InviteResponse(i.Id, i.CustomerId, i.StatusAt(now), i.CreatedAt, i.ExpiresAt, i.AcceptedAt)).ToList()));
    }

    /// <summary>POST /api/invites/accept with the signed-in user's token: links their sub to the invited customer.</summary>
    public static async Task<Results<Ok<InviteAcceptedResponse>, ValidationProblem, ProblemHttpResult>> Accept(
        AcceptInviteRequest? request, HttpContext http, CustomerDbContext db, TimeProvider time, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        if (user is null) return TypedResults.Problem("Sign in to accept an invitation.", statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in required");
        if (string.IsNullOrWhiteSpace(request?.Token))
        {
            var errors = new ValidationErrors();
            errors.Add("token", "The invitation token from the email is required.");
            return Problems.Validation(errors);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var hash = Hash(request.Token.Trim());
        return await db.InTransactionAsync<Results<Ok<InviteAcceptedResponse>, ValidationProblem, ProblemHttpResult>>(async (tx, ct) =>
        {
            var invite = await db.Invites.FirstOrDefaultAsync(i => i.TokenHash == hash, ct);
            if (invite is null) return Problems.NotFound("Invitation not found", "No invitation has this token. Check the link in the email.");
            var status = invite.StatusAt(now);
            if (status != InviteStatus.Pending)
                return TypedResults.Problem(status == InviteStatus.Expired
                        ? $"This invitation expired on {invite.ExpiresAt:yyyy-MM-dd}. Ask us for a new one."
                        : "This invitation was already used.",
                    statusCode: StatusCodes.Status410Gone, title: status == InviteStatus.Expired ? "Invitation expired" : "Invitation already used");

            var linkedElsewhere = await db.Customers.AnyAsync(c => c.Subject == user.Subject && c.Id != invite.CustomerId, ct);
            if (linkedElsewhere) return Problems.Conflict("Sign-in already linked", "Your sign-in is already linked to another customer.");
            var customer = await db.Customers.FirstAsync(c => c.Id == invite.CustomerId, ct);
            var linked = await db.Customers.Where(c => c.Id == customer.Id && (c.Subject == null || c.Subject == user.Subject))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Subject, user.Subject), ct);
            if (linked == 0) return Problems.Conflict("Customer already linked", "This customer is already linked to another sign-in.");

            // Used up in the same transaction; the conditional update makes a concurrent second acceptance find it used.
            var used = await db.Invites.Where(i => i.Id == invite.Id && i.AcceptedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, now).SetProperty(i => i.AcceptedBySubject, user.Subject), ct);
            if (used == 0) return TypedResults.Problem("This invitation was already used.", statusCode: StatusCodes.Status410Gone, title: "Invitation already used");
            db.LogChange(customer.Id, "identity-linked", user.Subject, now, null, new { subject = user.Subject, by = "invite", inviteId = invite.Id });
            db.Record(customer.Id, new InviteAcceptedEvent(invite.Id, customer.Id, user.Subject, now));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return TypedResults.Ok(new InviteAcceptedResponse(customer.Id, user.Subject, now));
        }, ct);
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
