using System.Globalization;
using System.Text.Json;
using CustomerService.Infrastructure.Data;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace CustomerService.Infrastructure.Http;

/// <summary>
/// Turns what escapes an endpoint into a problem: a body that cannot be read is the client's 400 (or 413 when
/// too large); a transient database failure (after the execution strategy's retries) is a 503 with Retry-After,
/// logged as one Warning line without a stack trace; anything else is a 500 that says nothing of the internals,
/// logged once at Error with its stack trace.
/// </summary>
/// <summary>
/// Endpoint metadata for an interface that answers a database outage in its own shape (the PostgREST query interface);
/// the handler still logs it, and sets the 503 and its <c>Retry-After</c>.
/// </summary>
public interface IDatabaseUnavailableResponder
{
    Task RespondAsync(HttpContext http, int retryAfterSeconds);
}

public sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var unavailable = DbErrors.IsTransient(exception);
        if (unavailable) LogDatabaseUnavailable(log, http.Request.Method, http.Request.Path, DbErrors.Cause(exception), DbErrors.Code(exception));
        // The portal's pages answer with an HTML error page of their own (PortalSetup.UsePortal), a 503 one for the above.
        if (Portal.PortalSetup.IsPortalPage(http.Request.Path)) return false;
        // An interface with an error shape of its own (the PostgREST query interface) words its 503 itself.
        // (The exception handler middleware takes the endpoint off the context; its feature keeps the one that failed.)
        var endpoint = http.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? http.GetEndpoint();
        if (unavailable && !http.Response.HasStarted && endpoint?.Metadata.GetMetadata<IDatabaseUnavailableResponder>() is { } responder)
        {
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = TransientRetries.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await responder.RespondAsync(http, TransientRetries.RetryAfterSeconds);
            return true;
        }
        var problem = exception switch
        {
            BadHttpRequestException { InnerException: RefusedTextException refused } => new HttpValidationProblemDetails(
                new Dictionary<string, string[]> { [refused.Field] = [Capitalized(refused.Message)] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = Common.Problems.ValidationTitle,
                Detail = Common.Problems.ValidationDetail,
            },
            _ when unavailable => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service temporarily unavailable",
                Detail = $"The service's database is unavailable for a moment. Retry after {TransientRetries.RetryAfterSeconds} seconds " +
                         "(an enrollment retried with the same Idempotency-Key is enrolled once).",
            },
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "Request body too large",
            },
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = "Malformed request",
                Detail = Describe(bad),
            },
            _ => null,
        };
        if (problem is null)
        {
            LogUnhandled(log, exception, http.Request.Method, http.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Internal server error",
                Detail = "Something went wrong on our side. The error has been logged; please try again later.",
            };
        }
        http.Response.StatusCode = problem.Status!.Value;
        if (unavailable) http.Response.Headers.RetryAfter = TransientRetries.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Describe(BadHttpRequestException bad) => bad.InnerException switch
    {
        JsonException { Path: { } path } json when json.LineNumber is not null =>
            $"The JSON body could not be read at {path} (line {json.LineNumber + 1}, position {json.BytePositionInLine + 1}): a value has the wrong type or the JSON is malformed.",
        JsonException { Path: { } path } => $"The JSON body could not be read at {path}: a value has the wrong type or the JSON is malformed.",
        JsonException => "The request body is not valid JSON.",
        _ => bad.Message,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable on {Method} {Path} ({Cause}, code {Code}); answered 503")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string method, string path, string cause, string? code);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
