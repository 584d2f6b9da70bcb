using System.Security.Cryptography.X509Certificates;
using CustomerService.Infrastructure.Data;
using Microsoft.AspNetCore.DataProtection;

namespace CustomerService.Infrastructure;

/// <summary>
/// The keys that encrypt personal data at rest (tax ids, portal drafts) live in the database (<c>data_protection_keys</c>),
/// so every instance on one database shares them with nothing to mount. When DataProtection:Certificate:Path names a
/// certificate, each key is itself encrypted with it before it is stored; without one, the framework stores keys
/// unencrypted and logs a warning saying so. Keys kept in a folder by earlier releases are imported once
/// (<see cref="FileSystemKeyImport"/>).
/// </summary>
public static class DataProtectionSetup
{
    public const string ApplicationName = "customer-service";

    public static WebApplicationBuilder AddPersonalDataProtection(this WebApplicationBuilder builder)
    {
        var protection = builder.Services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<CustomerDbContext>();
        if (KeyCertificate(builder.Configuration, builder.Environment.ContentRootPath) is { } certificate)
        {
            // Protect with it, and unprotect with it without the machine's certificate store (which Linux lacks).
            protection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        builder.Services.AddSingleton<IDataMigration>(new FileSystemKeyImport(KeysFolder(builder)));
        return builder;
    }

    /// <summary>
    /// DataProtection:Certificate:Path: a PKCS#12 file (password in DataProtection:Certificate:Password) or a PEM
    /// certificate whose private key is in the same file or in DataProtection:Certificate:KeyPath (a Kubernetes TLS
    /// secret's tls.crt and tls.key).
    /// </summary>
    private static X509Certificate2? KeyCertificate(IConfiguration configuration, string contentRoot)
    {
        var path = configuration["DataProtection:Certificate:Path"];
        if (string.IsNullOrWhiteSpace(path)) return null;
        path = Path.GetFullPath(path, contentRoot);
        if (!File.Exists(path))
            throw new InvalidOperationException($"DataProtection:Certificate:Path names {path}, which does not exist.");
        var keyPath = configuration["DataProtection:Certificate:KeyPath"];
        var certificate = Path.GetExtension(path).ToLowerInvariant() is ".pfx" or ".p12"
            ? X509CertificateLoader.LoadPkcs12FromFile(path, configuration["DataProtection:Certificate:Password"])
            : X509Certificate2.CreateFromPemFile(path, string.IsNullOrWhiteSpace(keyPath) ? null : Path.GetFullPath(keyPath, contentRoot));
        if (!certificate.HasPrivateKey)
            throw new InvalidOperationException("The DataProtection certificate has no private key: keys it encrypts could not be read back.");
        return certificate;
    }

    /// <summary>DataProtection:KeysPath, relative to the content root unless rooted: the folder keys were kept in before 2026-11-29.</summary>
    public static string KeysFolder(WebApplicationBuilder builder)
    {
        var path = builder.Configuration["DataProtection:KeysPath"] ?? "data/keys";
        return Path.IsPathRooted(path) ? path : Path.Combine(builder.Environment.ContentRootPath, path);
    }
}
