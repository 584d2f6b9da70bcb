using CustomerService.Common;
using CustomerService.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CustomerService.Infrastructure.Outbox;

/// <summary>
/// The HTTP side of event delivery: the feed for service accounts and the operator's re-queue. Mapped once
/// authentication exists (the policies below must be registered).
/// </summary>
public static class EventEndpoints
{
    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/events")
            .WithTags("Events")
            .RequireAuthorization(AuthorizationPolicies.Service)
            .MapGet("", ReadEvents)
            .WithName("ReadEvents")
            .WithSummary("CloudEvents in commit order after a cursor; pass the returned 'next' as 'after' to continue.");

        app.MapGroup("/api/admin/outbox")
            .WithTags("Administration")
            .RequireAuthorization(AuthorizationPolicies.Admin)
            .MapPost("/{id:guid}/requeue", RequeueEvent)
            .WithName("RequeueOutboxEvent")
            .WithSummary("Puts a parked (dead-lettered) event back in the relay's queue.");
        return app;
    }

    public static async Task<Results<Ok<EventPage>, ValidationProblem>> ReadEvents(
        EventFeed feed, long? after, int? limit, string? type, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (after is < 0) errors.Add("after", "after is a cursor: 0 or a 'next' value returned earlier.");
        if (limit is < 1 or > EventFeed.MaxLimit) errors.Add("limit", $"limit is between 1 and {EventFeed.MaxLimit}.");
        if (!errors.IsEmpty) return Problems.Validation(errors);
        return TypedResults.Ok(await feed.ReadAsync(after ?? 0, limit ?? 100, type, ct));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RequeueEvent(Guid id, OutboxAdministration admin, CancellationToken ct) =>
        await admin.RequeueAsync(id, ct) switch
        {
            RequeueResult.Requeued => TypedResults.NoContent(),
            RequeueResult.NotParked => Problems.Conflict("Event not parked", $"Event {id} is not parked: it is delivered or still being retried."),
            _ => Problems.NotFound("Event not found", $"No outbox event {id} (delivered events are pruned after the retention period)."),
        };
}
