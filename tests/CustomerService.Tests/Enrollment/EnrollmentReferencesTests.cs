using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerService.Common;
using CustomerService.Features.Enrollment;
using CustomerService.Features.Meters;
using CustomerService.Features.Plans;
using CustomerService.Features.ServicePoints;
using CustomerService.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerService.Tests.Enrollment;

[Collection(SqliteCollection.Name)]
public sealed class EnrollmentReferencesTests(SqliteApp app) : ProviderTests(app)
{
    [Fact]
    public async Task TheSeedRequestFindsItsPlanItsServicePointAndItsMeter()
    {
        var (found, errors) = await CheckAsync(Requests.Individual());

        Assert.True(errors.IsEmpty);
        var (plan, point, meters) = found!.Value;
        Assert.Equal(1001, plan.Id);
        Assert.Equal("75001", point.Zip);
        Assert.Equal([Requests.MainStreetMeter], meters.Select(m => m.Id));
    }

    [Fact]
    public async Task AnUnknownPlanAndMeterAreBothNamedAndNothingIsFound()
    {
        var (found, errors) = await CheckAsync(Requests.Individual().With(r =>
        {
            r["selectedPlanId"] = 9999;
            r["selectedMeterIds"] = new JsonArray(9999);
        }));

        Assert.Null(found);
        Assert.Equal(["selectedMeterIds[0]", "selectedPlanId"], errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }

    private async Task<((Plan Plan, ServicePoint Point, List<Meter> Meters)? Found, ValidationErrors Errors)> CheckAsync(JsonObject body)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var errors = new ValidationErrors();
        var found = await scope.ServiceProvider.GetRequiredService<EnrollmentReferences>()
            .CheckAsync(body.Deserialize<EnrollmentRequest>(JsonSerializerOptions.Web)!, errors, CancellationToken.None);
        return (found, errors);
    }
}
