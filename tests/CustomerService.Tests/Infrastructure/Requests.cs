using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CustomerService.Tests.Infrastructure;

/// <summary>The seed's request examples (customer-service.md) with dates inside the start window of the test clock.</summary>
public static class Requests
{
    public const long MainStreetMeter = 3001;
    public static readonly long[] CorporateDriveMeters = [3002, 3003, 3004];

    /// <summary>customer-service.md's Enrollment Request, starting tomorrow by the test clock unless told otherwise.</summary>
    public static JsonObject Individual(string email = "john.smith@example.com", string? startDate = null) => new()
    {
        ["customerType"] = "individual",
        ["firstName"] = "John",
        ["lastName"] = "Smith",
        ["email"] = email,
        ["phone"] = "(555) 123-4567",
        ["serviceAddress"] = new JsonObject
        {
            ["street"] = "123 Main Street",
            ["unit"] = null,
            ["city"] = "Anytown",
            ["state"] = "TX",
            ["zip"] = "75001",
        },
        ["serviceStartDate"] = startDate ?? "2026-12-01",
        ["selectedPlanId"] = 1001,
        ["selectedMeterIds"] = new JsonArray(MainStreetMeter),
        ["mailingAddress"] = new JsonObject { ["sameAsService"] = true },
        ["preferences"] = new JsonObject { ["billDelivery"] = "email", ["marketingOptIn"] = false },
        ["acceptedTerms"] = true,
    };

    /// <summary>customer-service.md's Business Enrollment Request; the demo meters at 100 Corporate Drive are 3002–3004.</summary>
    public static JsonObject Business(string email = "accounts@acme.com") => new()
    {
        ["customerType"] = "business",
        ["businessName"] = "Acme Corporation",
        ["businessType"] = "corporation",
        ["taxId"] = "12-3456789",
        ["email"] = email,
        ["phone"] = "(555) 987-6543",
        ["primaryContact"] = new JsonObject
        {
            ["firstName"] = "Jane",
            ["lastName"] = "Doe",
            ["title"] = "Office Manager",
            ["email"] = "jane.doe@acme.com",
            ["phone"] = "(555) 987-6544",
        },
        ["serviceAddress"] = new JsonObject
        {
            ["street"] = "100 Corporate Drive",
            ["unit"] = "Suite 500",
            ["city"] = "Dallas",
            ["state"] = "TX",
            ["zip"] = "75201",
        },
        ["serviceStartDate"] = "2026-12-15",
        ["selectedPlanId"] = 1002,
        ["selectedMeterIds"] = new JsonArray(CorporateDriveMeters.Select(m => (JsonNode)m).ToArray()),
        ["mailingAddress"] = new JsonObject
        {
            ["sameAsService"] = false,
            ["street"] = "PO Box 1234",
            ["city"] = "Dallas",
            ["state"] = "TX",
            ["zip"] = "75221",
        },
        ["preferences"] = new JsonObject { ["billDelivery"] = "both", ["marketingOptIn"] = true },
        ["acceptedTerms"] = true,
    };

    public static Task<HttpResponseMessage> EnrollAsync(this HttpClient client, JsonNode body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/enrollment") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }

    /// <summary>
    /// Enrolls, then signs the new customer in (a token for their verified email) and sends the first request, which
    /// links the sign-in to them: what the client sends after it finds a linked customer.
    /// </summary>
    public static async Task<(JsonObject Enrollment, HttpClient Client)> EnrollAndSignInAsync(this CustomerServiceApp app, HttpClient anonymous, JsonObject request)
    {
        var body = await (await anonymous.EnrollAsync(request)).JsonAsync();
        Assert.True(body["success"]?.GetValue<bool>() == true, body.ToJsonString());
        var email = request["email"]!.GetValue<string>();
        var client = app.CreateClient(() => app.Issuer.Token($"kc-{email}", ["customer"], email));
        (await client.GetAsync("/api/accounts")).EnsureSuccessStatusCode();
        return (body, client);
    }

    public static async Task<JsonObject> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text)?.AsObject() ?? throw new InvalidOperationException($"Not a JSON object: {text}");
    }

    /// <summary>Asserts an RFC 9457 problem with this status, and returns its body.</summary>
    public static async Task<JsonObject> ProblemAsync(this HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(status, body["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(body["title"]?.GetValue<string>()), "A problem has a title.");
        return body;
    }

    /// <summary>The validation errors of a 400 problem, by JSON path.</summary>
    public static async Task<Dictionary<string, string[]>> ValidationErrorsAsync(this HttpResponseMessage response)
    {
        var body = await response.ProblemAsync(400);
        Assert.NotNull(body["errors"]);
        return body["errors"]!.Deserialize<Dictionary<string, string[]>>()!;
    }

    public static JsonObject With(this JsonObject request, Action<JsonObject> change)
    {
        var copy = request.DeepClone().AsObject();
        change(copy);
        return copy;
    }
}
