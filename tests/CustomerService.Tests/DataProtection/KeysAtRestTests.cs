using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CustomerService.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Tests.DataProtection;

/// <summary>
/// With DataProtection:Certificate:Path set, every key the service stores in the database is encrypted with that
/// certificate (a PEM certificate and key, as a Kubernetes TLS secret mounts them), and data those keys protect still reads.
/// </summary>
public sealed class KeysAtRestTests(CertificateProtectedKeysApp app) : IClassFixture<CertificateProtectedKeysApp>
{
    [Fact]
    public async Task KeysAreStoredEncryptedWithTheCertificateAndTheTaxIdStillReads()
    {
        await app.ResetAsync();
        using var client = app.CreateClient();
        var enrolled = await client.EnrollAsync(Requests.Business("finance@keys-at-rest.example"));
        Assert.Equal(HttpStatusCode.Created, enrolled.StatusCode);

        var keys = await app.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync());
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("<encryptedSecret decryptorType=\"Microsoft.AspNetCore.DataProtection.XmlEncryption.EncryptedXmlDecryptor", xml, StringComparison.Ordinal);
            Assert.Contains(Convert.ToBase64String(app.Certificate.RawData), xml, StringComparison.Ordinal); // encrypted to this certificate
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal); // the secret never in clear
        });

        using var admin = app.CreateClient(() => app.Issuer.Token("kc-admin", ["admin"]));
        var id = await app.WithDbAsync(db => db.Customers.Where(c => c.Email == "finance@keys-at-rest.example").Select(c => c.Id).SingleAsync());
        var export = await (await admin.GetAsync($"/api/backoffice/customers/{id}/export")).JsonAsync();
        Assert.Equal("12-3456789", export["profile"]!["taxId"]!.GetValue<string>());
    }
}

/// <summary>SQLite, with a self-signed certificate (PEM certificate and private key files) protecting the Data Protection keys.</summary>
public sealed class CertificateProtectedKeysApp : CustomerServiceApp
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("customer-service-keys-at-rest-");

    public CertificateProtectedKeysApp()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=customer-service data protection (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        File.WriteAllText(Path.Combine(_folder.FullName, "tls.crt"), Certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_folder.FullName, "tls.key"), rsa.ExportPkcs8PrivateKeyPem());
    }

    public X509Certificate2 Certificate { get; }

    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["DataProtection:Certificate:Path"] = Path.Combine(_folder.FullName, "tls.crt"),
        ["DataProtection:Certificate:KeyPath"] = Path.Combine(_folder.FullName, "tls.key"),
        ["DataProtection:KeysPath"] = Path.Combine(_folder.FullName, "no-keys-folder"),
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Certificate.Dispose();
        _folder.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }
}
