using CustomerService.Common;
using CustomerService.Features.Customers;
using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Outbox;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.Customers;

public sealed record ChangeStatusRequest(string? Status, string? Reason);

public sealed record CustomerStatusResponse(long CustomerId, string Status, IReadOnlyList<string> AllowedNext);

/// <summary>Staff move a customer along the lifecycle; an invalid move is a 409 that lists the allowed ones.</summary>
public static class CustomerLifecycleEndpoints
{
    /// <summary>Staff read and move a customer along the lifecycle.</summary>
    public static RouteGroupBuilder MapCustomerLifecycleEndpoints(this RouteGroupBuilder staff)
    {
        staff.MapGet("/customers/{customerId:long}/status", GetStatus).WithName("GetCustomerStatus");
        staff.MapPost("/customers/{customerId:long}/status", ChangeStatus).WithName("ChangeCustomerStatus");
        return staff;
    }

    public static async Task<Results<Ok<CustomerStatusResponse>, ValidationProblem, ProblemHttpResult>> GetStatus(long customerId, CustomerDbContext db, CancellationToken ct)
    {
        var status = await db.Customers.Where(c => c.Id == customerId).Select(c => c.Status).FirstOrDefaultAsync(ct);
        return status is null
            ? Problems.NotFound("Customer not found", $"There is no customer {customerId}.")
            : TypedResults.Ok(new CustomerStatusResponse(customerId, status, CustomerLifecycle.AllowedFrom(status)));
    }

    public static async Task<Results<Ok<CustomerStatusResponse>, ValidationProblem, ProblemHttpResult>> ChangeStatus(
        long customerId, ChangeStatusRequest? request, HttpContext http, CustomerDbContext db, TimeProvider time, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var to = request?.Status?.Trim().ToLowerInvariant();
        if (to is null || !CustomerLifecycle.All.Contains(to)) errors.Add("status", $"Status is one of: {string.Join(", ", CustomerLifecycle.All)}.");
        Text.Optional(request?.Reason, "reason", "Reason", 500, errors);
        if (!errors.IsEmpty) return Problems.Validation(errors);

        return await db.InTransactionAsync<Results<Ok<CustomerStatusResponse>, ValidationProblem, ProblemHttpResult>>(async (tx, ct) =>
        {
            // Lock the row (PostgreSQL) so two staff moves of one customer are applied one after the other.
            await db.Customers.Where(c => c.Id == customerId).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastEventSequence, c => c.LastEventSequence), ct);
            var customer = await db.Customers.FirstOrDefaultAsync(c => c.Id == customerId, ct);
            if (customer is null) return Problems.NotFound("Customer not found", $"There is no customer {customerId}.");
            if (!CustomerLifecycle.CanMove(customer.Status, to!))
            {
                var allowed = CustomerLifecycle.AllowedFrom(customer.Status);
                return Problems.Conflict("Status change not allowed",
                    $"A customer who is {customer.Status} cannot become {to}. Allowed: {(allowed.Count == 0 ? "none (closed is final)" : string.Join(", ", allowed))}.",
                    new Dictionary<string, object?> { ["currentStatus"] = customer.Status, ["allowed"] = allowed });
            }
            var actor = CurrentUser.From(http.User) is { } user ? $"staff:{user.Subject}" : "staff";
            CustomerStatusChanges.Move(db, customer, to!, actor, Text.Clean(request!.Reason) ?? "Changed by staff", time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return TypedResults.Ok(new CustomerStatusResponse(customer.Id, customer.Status, CustomerLifecycle.AllowedFrom(customer.Status)));
        }, ct);
    }
}
