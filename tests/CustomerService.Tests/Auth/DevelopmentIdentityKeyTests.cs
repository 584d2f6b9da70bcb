using CustomerService.Infrastructure.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CustomerService.Tests.Auth;

/// <summary>The development identity's signing key, kept in the keys folder that instances share.</summary>
public sealed class DevelopmentIdentityKeyTests
{
    private const string Audience = "customer-service";

    [Fact]
    public async Task InstancesStartingTogetherOnAnEmptyFolderAllUseOneKey()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("customer-service-devkey-").FullName, "keys");
        const int instances = 16;
        using var start = new Barrier(instances);

        var identities = await Task.WhenAll(Enumerable.Range(0, instances).Select(_ => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            return new DevelopmentIdentity(folder, Audience);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));

        Assert.Equal([DevelopmentIdentity.KeyFileName], Directory.GetFiles(folder).Select(Path.GetFileName));
        var modulus = identities[0].Key.Rsa.ExportParameters(false).Modulus;
        Assert.All(identities, i => Assert.Equal(modulus, i.Key.Rsa.ExportParameters(false).Modulus));

        var now = DateTime.UtcNow;
        var token = identities[3].CreateToken("csr-1", null, [Roles.Csr], TimeSpan.FromMinutes(5), now);
        var validated = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = DevelopmentIdentity.Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = identities[instances - 1].Key,
        });
        Assert.True(validated.IsValid, validated.Exception?.ToString());
    }

    [Fact]
    public void ALaterInstanceReadsTheKeyAnEarlierOneWrote()
    {
        var folder = Directory.CreateTempSubdirectory("customer-service-devkey-").FullName;

        var first = new DevelopmentIdentity(folder, Audience);
        var pem = File.ReadAllText(Path.Combine(folder, DevelopmentIdentity.KeyFileName));
        var second = new DevelopmentIdentity(folder, Audience);

        Assert.Equal(pem, File.ReadAllText(Path.Combine(folder, DevelopmentIdentity.KeyFileName)));
        Assert.Equal(first.Key.Rsa.ExportParameters(false).Modulus, second.Key.Rsa.ExportParameters(false).Modulus);
    }
}
