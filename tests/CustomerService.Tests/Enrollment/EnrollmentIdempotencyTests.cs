using System.Text.Json;
using CustomerService.Features.Enrollment;
using CustomerService.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerService.Tests.Enrollment;

[Collection(SqliteCollection.Name)]
public sealed class EnrollmentIdempotencyTests(SqliteApp app) : ProviderTests(app)
{
    [Fact]
    public void AKeyMatchesOnlyTheSameRequestFromTheSameSender()
    {
        using var scope = App.Services.CreateScope();
        var idempotency = scope.ServiceProvider.GetRequiredService<EnrollmentIdempotency>();
        var request = Requests.Individual().Deserialize<EnrollmentRequest>(JsonSerializerOptions.Web)!;
        var first = idempotency.For("key-1", request, signedInCustomerId: null);

        Assert.Equal(first, idempotency.For("key-1", request with { }, signedInCustomerId: null));
        Assert.NotEqual(first.RequestHash, idempotency.For("key-1", request, signedInCustomerId: 1).RequestHash);
        Assert.NotEqual(first.RequestHash, idempotency.For("key-1", request with { Email = "other@example.com" }, signedInCustomerId: null).RequestHash);
    }

    [Fact]
    public async Task AKeyReplayedBySomeoneSignedInIsRefusedNotAnsweredWithTheVisitorsEnrollment()
    {
        await Client.EnrollAsync(Requests.Individual(), "key-shared");
        using var john = App.CreateClient(App.Issuer.Token("kc-john", ["customer"], "john.smith@example.com"));

        var response = await john.EnrollAsync(Requests.Individual(), "key-shared");

        await response.ProblemAsync(422);
        Assert.False(response.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await App.CountAsync("contracts"));
    }
}
