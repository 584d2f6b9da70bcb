using CustomerService.Common;
using CustomerService.Features.Plans;
using CustomerService.Features.ServicePoints;
using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CustomerService.Features.Enrollment;

public static class EnrollmentEndpoints
{
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>The public enrollment API: plans, plan documents, address and meter lookup, and submission. No token needed.</summary>
    public static IEndpointRouteBuilder MapEnrollmentApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/enrollment").WithTags("Enrollment").AllowAnonymous();
        group.MapPlanEndpoints();
        group.MapServiceAddressEndpoints();
        group.MapPost("", Submit).WithName("SubmitEnrollment")
            .WithSummary("Enroll a residential or business customer onto a plan (Idempotency-Key supported)")
            .RequireRateLimiting(RateLimiting.EnrollmentPolicy)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/{confirmationNumber}/rescind", Rescind).WithName("RescindEnrollment")
            .WithSummary("Rescind a residential switch within 3 federal business days (anonymous with the enrollment's email, or signed in)")
            .RequireRateLimiting(RateLimiting.EnrollmentPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    public static async Task<Results<Ok<RescindEnrollmentResponse>, ValidationProblem, ProblemHttpResult>> Rescind(
        string confirmationNumber, RescindEnrollmentRequest? request, CustomerLinks links, CustomerDbContext db, ServiceCalendar calendar, HttpContext http, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        if (user is null && http.Request.Headers.Authorization.Count > 0)
            return TypedResults.Problem("The access token is missing, expired or invalid. Sign in again, or send no Authorization header and give the email you enrolled with.",
                statusCode: StatusCodes.Status401Unauthorized, title: "Invalid access token");
        var who = user switch
        {
            null => Rescinder.Anonymous,
            { IsStaff: true } => new Rescinder(null, $"staff:{user.Subject}", new CurrentStaff(user.Subject, string.Join(',', user.Roles.Order(StringComparer.Ordinal)))),
            _ when user.Roles.Contains(Roles.Customer) && await links.LinkedCustomerAsync(user, ct) is { } customerId => new Rescinder(customerId, user.Subject),
            _ => Rescinder.Anonymous,
        };
        return (await RescindEnrollment.HandleAsync(confirmationNumber, request, who, db, calendar, ct)).ToOk();
    }

    public static async Task<Results<Created<EnrollmentResponse>, ValidationProblem, ProblemHttpResult>> Submit(
        EnrollmentRequest? request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        SubmitEnrollment handler,
        CustomerLinks links,
        HttpContext http,
        CancellationToken ct)
    {
        // Anyone may enroll; a signed-in customer's enrollment adds to their customer. A token that does not
        // validate is refused rather than silently treated as anonymous, which would create a second customer.
        var user = CurrentUser.From(http.User);
        if (user is null && http.Request.Headers.Authorization.Count > 0)
            return TypedResults.Problem("The access token is missing, expired or invalid. Sign in again, or send no Authorization header to enroll as a new customer.",
                statusCode: StatusCodes.Status401Unauthorized, title: "Invalid access token");
        var signedInCustomerId = user is not null && user.Roles.Contains(Roles.Customer) ? await links.LinkedCustomerAsync(user, ct) : null;

        if (request is null) return Problems.MissingBody();
        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > 255 || idempotencyKey.Any(c => c is < '!' or > '~')))
            return Problems.BadRequest("Invalid Idempotency-Key", "An Idempotency-Key is 1 to 255 visible ASCII characters, e.g. a UUID.");

        var outcome = await handler.HandleAsync(request, idempotencyKey, signedInCustomerId, ct);
        switch (outcome)
        {
            case EnrollmentOutcome.Enrolled enrolled:
                if (enrolled.Replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
                return TypedResults.Created($"/api/contracts/{enrolled.Response.ContractId}", enrolled.Response);
            case EnrollmentOutcome.Invalid invalid:
                return Problems.Validation(invalid.Errors);
            case EnrollmentOutcome.Conflict conflict:
                return Problems.Conflict(conflict.Title, conflict.Detail, conflict.Extensions);
            case EnrollmentOutcome.KeyReusedWithDifferentBody:
                return Problems.Unprocessable("Idempotency-Key reused",
                    "This Idempotency-Key was already used with a different request body. Use a new key for a new enrollment.");
            default:
                throw new InvalidOperationException($"Unhandled enrollment outcome {outcome.GetType().Name}.");
        }
    }
}
