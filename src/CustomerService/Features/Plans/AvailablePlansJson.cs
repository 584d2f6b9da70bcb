using System.Buffers;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;

namespace CustomerService.Features.Plans;

/// <summary>
/// 200 with an <see cref="AvailablePlansResponse"/>, written from the plans' JSON already made (an array of
/// <see cref="PlanResponse"/>, see <see cref="PlanCatalog.PlansOfferedAtJsonAsync"/>): the same bytes
/// <c>TypedResults.Ok(new AvailablePlansResponse(…))</c> would write with the same options, and the same OpenAPI description.
/// </summary>
public sealed class AvailablePlansJson(string zipCode, byte[] plansJson, JsonSerializerOptions options)
    : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status200OK;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var body = new ArrayBufferWriter<byte>(plansJson.Length + 64);
        using (var writer = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = options.Encoder, Indented = options.WriteIndented }))
        {
            writer.WriteStartObject();
            writer.WriteString(Name(nameof(AvailablePlansResponse.ZipCode)), zipCode);
            writer.WritePropertyName(Name(nameof(AvailablePlansResponse.Plans)));
            writer.WriteRawValue(plansJson, skipInputValidation: true);
            writer.WriteEndObject();
        }
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        httpContext.Response.ContentLength = body.WrittenCount;
        await httpContext.Response.Body.WriteAsync(body.WrittenMemory, httpContext.RequestAborted);
    }

    private string Name(string property) => options.PropertyNamingPolicy?.ConvertName(property) ?? property;

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(AvailablePlansResponse), ["application/json"]));
}
