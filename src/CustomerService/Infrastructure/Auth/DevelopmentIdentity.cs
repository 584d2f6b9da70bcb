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
        Directory.CreateDirectory(keyFolder);
        var path = Path.Combine(keyFolder, "development-identity-rsa.pem");
        var rsa = RSA.Create(2048);
        if (File.Exists(path)) rsa.ImportFromPem(File.ReadAllText(path));
        else File.WriteAllText(path, rsa.ExportRSAPrivateKeyPem());
        Key = new RsaSecurityKey(rsa) { KeyId = "development-identity" };
        _credentials = new SigningCredentials(Key, SecurityAlgorithms.RsaSha256);
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
