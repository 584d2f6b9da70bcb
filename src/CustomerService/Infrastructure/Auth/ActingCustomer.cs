using System.Globalization;
using System.Reflection;
using System.Text.Json;
using CustomerService.Common;
using CustomerService.Features.Audit;
using CustomerService.Features.Customers;
using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Infrastructure.Auth;

/// <summary>
/// The customer a self-service request acts for: the signed-in customer (found by the token's sub, linked on
/// first sight by verified email), or, for csr/admin, the customer named by the <c>customerId</c> query
/// parameter — every such staff access is written to the access log.
/// </summary>
public sealed record ActingCustomer(long CustomerId, CurrentUser User)
{
    public const string SelectorParameter = "customerId";

    /// <summary>
    /// Set for a signed-in customer on an endpoint marked <see cref="FoundByStatementMetadata"/>: the customer
    /// has not been looked up; the use case's one statement finds them by the token's subject (<see cref="Subject"/>)
    /// and the links look them up (<see cref="ResolveAsync"/>) only when it finds nothing.
    /// </summary>
    private CustomerLinks? Links { get; init; }

    /// <summary>Whether <see cref="CustomerId"/> is known (always, except for a customer left to the statement).</summary>
    public bool IsResolved { get; private init; } = true;

    /// <summary>The customer's id; for a customer left to the statement (<see cref="IsResolved"/> false), only after <see cref="ResolveAsync"/>.</summary>
    public long CustomerId
    {
        get => IsResolved ? field : throw new InvalidOperationException(
            "The acting customer was left to the use case's statement (FindsCustomerInStatement): call ResolveAsync before reading CustomerId.");
    } = CustomerId;

    /// <summary>What the record's ToString shows: never throws for a customer not looked up yet, and leaves the user's claims out.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("CustomerId = ").Append(IsResolved ? CustomerId.ToString(CultureInfo.InvariantCulture) : "(found by the statement)")
            .Append(", IsStaff = ").Append(User.IsStaff);
        return true;
    }

    /// <summary>The token's subject a statement finds the customer by, while <see cref="IsResolved"/> is false.</summary>
    public string Subject => User.Subject;

    internal static ActingCustomer FoundByStatement(CurrentUser user, CustomerLinks links) =>
        new(0, user) { IsResolved = false, Links = links ?? throw new ArgumentNullException(nameof(links)) };

    /// <summary>
    /// The customer this request acts for, looked up (and linked on first sight by verified email) now; null when no
    /// customer is linked to the sign-in. For a use case whose by-subject statement found nothing: it tells "not yours"
    /// from "not linked yet", and reads again for a sign-in it has just linked.
    /// </summary>
    public async Task<ActingCustomer?> ResolveAsync(CancellationToken ct) =>
        IsResolved ? this : await Links!.LinkedCustomerAsync(User, ct) is { } id ? new ActingCustomer(id, User) : null;

    /// <summary>
    /// Runs <paramref name="read"/>, one statement that finds the customer itself (by subject while
    /// <see cref="IsResolved"/> is false: <c>AccountAccess.PartiesOf(acting)</c>, <see cref="Records"/>). When it finds
    /// nothing for a customer not looked up yet, looks them up: no customer linked answers
    /// <see cref="CustomerLinks.NotLinked"/>; otherwise the read runs again by id, for a sign-in linked just now by its
    /// verified email. A read that finds something took one round trip, the lookup included.
    /// </summary>
    public async Task<ActingRead<T>> ReadAsync<T>(Func<ActingCustomer, CancellationToken, Task<T>> read, Func<T, bool> foundNothing, CancellationToken ct)
    {
        var result = await read(this, ct);
        if (IsResolved || !foundNothing(result)) return new(result, null);
        return await ResolveAsync(ct) is { } resolved
            ? new(await read(resolved, ct), null)
            : new(result, CustomerLinks.NotLinked);
    }

    /// <summary>The acting customer's own row, as a query to compose: by id, or by the token's subject while not looked up.</summary>
    public IQueryable<Customer> Records(CustomerDbContext db)
    {
        if (IsResolved)
        {
            var id = CustomerId;
            return db.Customers.Where(c => c.Id == id);
        }
        var subject = Subject;
        return db.Customers.Where(c => c.Subject == subject);
    }

    /// <summary>The change-log actor: the token subject, marked when staff act for the customer.</summary>
    public string Actor => User.IsStaff ? $"staff:{User.Subject}" : User.Subject;

    /// <summary>
    /// Binding runs before endpoint filters, so it yields a placeholder that <see cref="ActingCustomerFilter"/> replaces
    /// with the resolved customer; a handler outside such a group never sees a real customer.
    /// </summary>
    public static ValueTask<ActingCustomer?> BindAsync(HttpContext http, ParameterInfo parameter) =>
        ValueTask.FromResult<ActingCustomer?>(Unresolved);

    internal static readonly ActingCustomer Unresolved = new(0, new CurrentUser("", null, false, new HashSet<string>()));
}

/// <summary>Resolves <see cref="ActingCustomer"/> for a route group, or answers with the problem that explains why it cannot.</summary>
public sealed class ActingCustomerFilter(CustomerDbContext db, CustomerLinks links, TimeProvider time) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var user = CurrentUser.From(http.User);
        if (user is null)
        {
            // Only a token without a subject gets here: the group's policy has already refused anonymous callers.
            http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\", error_description=\"The token has no sub claim\"";
            return TypedResults.Problem("The access token names no subject (sub). Get a token for a user from the identity provider and send it as Authorization: Bearer <access token>.",
                statusCode: StatusCodes.Status401Unauthorized, title: "Invalid access token");
        }
        var ct = http.RequestAborted;
        // One connection for the request: opened here, where every self-service request reads first, it stays open for
        // the use case's statements (EF closes only what it opened itself) and goes back to the pool when the request's
        // context is disposed, instead of being taken from and returned to the pool around each statement.
        await db.Database.OpenConnectionAsync(ct);

        long? customerId;
        if (user.IsStaff)
        {
            if (!long.TryParse(http.Request.Query[ActingCustomer.SelectorParameter], NumberStyles.None, CultureInfo.InvariantCulture, out var selected))
                return Problems.BadRequest("Customer selector required",
                    $"Staff read a customer's data through these endpoints by naming the customer: add ?{ActingCustomer.SelectorParameter}=<id>.");
            // The access-log row is written only for a customer that exists: one statement checks and logs.
            var logged = await db.LogAccessAsync(new StaffAccess(user.Subject, string.Join(',', user.Roles.Order(StringComparer.Ordinal)), http.Request.Method,
                Describe(http), time.GetUtcNow().UtcDateTime), [selected], ct);
            if (logged == 0)
                return Problems.NotFound("Customer not found", $"There is no customer {selected}.");
            customerId = selected;
        }
        else if (http.GetEndpoint()?.Metadata.GetMetadata<FoundByStatementMetadata>() is not null)
        {
            // The use case's statement finds the customer by subject, in the same round trip as the data.
            return await next(Replace(context, ActingCustomer.FoundByStatement(user, links)));
        }
        else
        {
            customerId = await links.LinkedCustomerAsync(user, ct);
            if (customerId is null) return CustomerLinks.NotLinked.ToProblem();
        }

        return await next(Replace(context, new ActingCustomer(customerId.Value, user)));
    }

    private static EndpointFilterInvocationContext Replace(EndpointFilterInvocationContext context, ActingCustomer acting)
    {
        for (var i = 0; i < context.Arguments.Count; i++)
        {
            if (context.Arguments[i] is ActingCustomer) context.Arguments[i] = acting;
        }
        return context;
    }

    private static string Describe(HttpContext http)
    {
        var pattern = ((http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value ?? "").TrimEnd('/');
        var values = http.Request.RouteValues.Where(v => v.Value is not null)
            .Select(v => $"{v.Key}={v.Value}").ToList();
        var text = values.Count == 0 ? pattern : $"{pattern} ({string.Join(", ", values)})";
        return text.Length > 300 ? text[..300] : text;
    }
}

/// <summary>
/// Endpoint metadata: a signed-in customer is left to the use case's statement, which finds them by the token's subject
/// beside the data it reads (one round trip instead of two). Only for reads whose use case handles an unresolved
/// <see cref="ActingCustomer"/> (<see cref="ActingCustomer.IsResolved"/>).
/// </summary>
public sealed class FoundByStatementMetadata
{
    public static readonly FoundByStatementMetadata Instance = new();

    private FoundByStatementMetadata()
    {
    }
}

public static class ActingCustomerEndpointExtensions
{
    /// <summary>The use case finds the signed-in customer in its own statement (see <see cref="FoundByStatementMetadata"/>).</summary>
    public static RouteHandlerBuilder FindsCustomerInStatement(this RouteHandlerBuilder endpoint) =>
        endpoint.WithMetadata(FoundByStatementMetadata.Instance);
}

/// <summary>What <see cref="ActingCustomer.ReadAsync{T}"/> read, or why nothing: no customer is linked to the sign-in.</summary>
public readonly record struct ActingRead<T>(T Value, Refusal? NotLinked);
