using System.Security.Cryptography;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace CustomerService.Infrastructure.Auth;

/// <summary>
/// The handler's id_token checks with a plain 256-bit random nonce instead of the library's "ticks.random" one, whose
/// timestamp is judged by DateTime.UtcNow rather than the service's clock. A nonce stays usable only as long as the
/// nonce and correlation cookies of its sign-in (15 minutes, on the scheme's TimeProvider).
/// </summary>
public sealed class PortalNonce : OpenIdConnectProtocolValidator
{
    public PortalNonce()
    {
        RequireTimeStampInNonce = false;
        NonceLifetime = TimeSpan.FromMinutes(15); // the nonce cookie's lifetime
        // The handler checks the state itself (protected properties and the correlation cookie).
        RequireStateValidation = false;
    }

    public override string GenerateNonce() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
}
