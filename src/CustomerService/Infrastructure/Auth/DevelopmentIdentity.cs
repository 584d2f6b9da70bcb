using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CustomerService.Infrastructure.Auth;

/// <summary>
/// The token issuer of the embedded default (no Auth:Authority): signs RS256 tokens with a key kept beside
/// the data-protection keys, so a local developer can call the API as a demo customer or as staff.
/// Never used in the Production environment (the service refuses to start that way).
/// </summary>
public sealed class DevelopmentIdentity
{
    public const string Issuer = "urn:customer-service:development-identity";

    private readonly SigningCredentials _credentials;
    private readonly JsonWebTokenHandler _handler = new();

    public DevelopmentIdentity(string keyFolder, string audience)
    {
        Audience = audience;
        var rsa = RSA.Create();
        rsa.ImportFromPem(LoadOrCreateKey(keyFolder));
        Key = new RsaSecurityKey(rsa) { KeyId = "development-identity" };
        _credentials = new SigningCredentials(Key, SecurityAlgorithms.RsaSha256);
    }

    public const string KeyFileName = "development-identity-rsa.pem";

    /// <summary>
    /// The key file's PEM, creating it if absent. Instances starting together on an empty folder must end with one
    /// key: each writes a complete candidate to a file of its own, then links it into place without overwriting,
    /// so the key file appears whole or not at all and the first to land wins; every instance then reads that one.
    /// </summary>
    private static string LoadOrCreateKey(string keyFolder)
    {
        Directory.CreateDirectory(keyFolder);
        var path = Path.Combine(keyFolder, KeyFileName);
        if (!File.Exists(path))
        {
            var candidate = Path.Combine(keyFolder, $".{KeyFileName}.{Guid.NewGuid():N}.tmp");
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                using (var rsa = RSA.Create(2048))
                using (var file = new FileStream(candidate, options))
                {
                    file.Write(System.Text.Encoding.ASCII.GetBytes(rsa.ExportRSAPrivateKeyPem()));
                    file.Flush(flushToDisk: true);
                }
                File.Move(candidate, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another instance's key landed first: use it.
            }
            finally
            {
                File.Delete(candidate);
            }
        }
        return File.ReadAllText(path);
    }

    public string Audience { get; }

    public RsaSecurityKey Key { get; }

    public string CreateToken(string subject, string? email, IEnumerable<string> roles, TimeSpan lifetime, DateTime now) =>
        _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = _credentials,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = subject,
                ["email"] = email ?? "",
                ["email_verified"] = email is not null,
                ["realm_access"] = new Dictionary<string, object> { ["roles"] = roles.ToArray() },
            },
        });
}
