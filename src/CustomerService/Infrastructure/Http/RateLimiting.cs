using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CustomerService.Infrastructure.Http;

public sealed class EnrollmentRateLimitOptions
{
    public const string Section = "RateLimiting:Enrollment";

    /// <summary>Enrollment submissions allowed per client address in one window.</summary>
    public int PermitLimit { get; set; } = 60;

    public int WindowSeconds { get; set; } = 60;
}

public static class RateLimiting
{
    public const string EnrollmentPolicy = "enrollment";

    /// <summary>A fixed window per client address on POST /api/enrollment; a 429 problem with Retry-After when exceeded.</summary>
    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(EnrollmentRateLimitOptions.Section).Get<EnrollmentRateLimitOptions>() ?? new();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(EnrollmentPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.PermitLimit,
                    Window = TimeSpan.FromSeconds(options.WindowSeconds),
                    QueueLimit = 0,
                }));
            limiter.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(options.WindowSeconds);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = $"At most {options.PermitLimit} enrollments per {options.WindowSeconds} seconds are accepted from one address. Try again in {(int)Math.Ceiling(retryAfter.TotalSeconds)} seconds.",
                    },
                });
            };
        });
        return builder;
    }
}
