using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace CustomerService.Infrastructure.Http;

public static class HttpSetup
{
    /// <summary>JSON conventions, RFC 9457 problems for every error, and the OpenAPI document.</summary>
    public static WebApplicationBuilder AddHttpApi(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            o.SerializerOptions.AllowTrailingCommas = false;
            o.SerializerOptions.TypeInfoResolver = (o.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(JsonTextRule.Apply);
        });
        // Bad bodies become exceptions everywhere (not only in Development) so the exception handler answers with a problem.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Instance ??= c.HttpContext.Request.Path;
            c.ProblemDetails.Extensions.TryAdd("traceId", c.HttpContext.TraceIdentifier);
            c.ProblemDetails.Detail ??= DefaultDetail(c.HttpContext, c.ProblemDetails.Status);
        });
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        builder.Services.AddOpenApi();
        return builder;
    }

    /// <summary>Words for the problems the framework raises itself (status-code pages, body limits), which come without a detail.</summary>
    private static string? DefaultDetail(HttpContext http, int? status) => status switch
    {
        StatusCodes.Status401Unauthorized => "Send a bearer token from the identity provider (Authorization: Bearer <access token>).",
        StatusCodes.Status403Forbidden => "Your token does not grant access to this resource. Use a token with the role it needs.",
        StatusCodes.Status404NotFound => $"There is no resource at {http.Request.Path}. The API is described at /openapi/v1.json.",
        StatusCodes.Status405MethodNotAllowed => $"{http.Request.Method} is not allowed on {http.Request.Path}.",
        StatusCodes.Status413PayloadTooLarge when http.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize is { } limit =>
            $"The request body is larger than this endpoint accepts ({limit / 1024} KiB).",
        StatusCodes.Status413PayloadTooLarge => "The request body is larger than this endpoint accepts.",
        StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON with Content-Type: application/json.",
        _ => null,
    };

    public static WebApplication UseHttpApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseQueryStringTextRule();
        return app;
    }

    /// <summary>/openapi/v1.json and a browsable page at /swagger.</summary>
    public static WebApplication MapApiDocumentation(this WebApplication app)
    {
        app.MapOpenApi();
        app.UseSwaggerUI(ui =>
        {
            ui.SwaggerEndpoint("/openapi/v1.json", "Customer Service v1");
            ui.RoutePrefix = "swagger";
            ui.DocumentTitle = "Customer Service API";
        });
        return app;
    }
}
