using Microsoft.IdentityModel.Tokens;

namespace CustomerService.Infrastructure.Auth;

/// <summary>
/// Token lifetime (nbf/exp with clock skew) checked against the service's <see cref="TimeProvider"/>: Microsoft.IdentityModel
/// reads DateTime.UtcNow itself, so without this a token minted on one clock would be judged on another.
/// The exceptions are IdentityModel's own, so the bearer handler's WWW-Authenticate error descriptions stay the standard ones.
/// </summary>
public static class TokenLifetime
{
    public static LifetimeValidator ValidatedAgainst(TimeProvider time) => (notBefore, expires, token, parameters) =>
    {
        var now = time.GetUtcNow().UtcDateTime;
        var skew = parameters.ClockSkew;
        if (expires is null && parameters.RequireExpirationTime)
            throw new SecurityTokenNoExpirationException("IDX10225: Lifetime validation failed. The token is missing an Expiration Time.");
        if (notBefore is { } nbf && expires is { } exp && nbf > exp)
            throw new SecurityTokenInvalidLifetimeException("IDX10224: Lifetime validation failed. The NotBefore is after Expires.") { NotBefore = nbf, Expires = exp };
        if (notBefore is { } validFrom && validFrom > now + skew)
            throw new SecurityTokenNotYetValidException($"IDX10222: Lifetime validation failed. The token is not yet valid. ValidFrom: '{validFrom:O}', Current time: '{now:O}'.") { NotBefore = validFrom };
        if (expires is { } validTo && validTo < now - skew)
            throw new SecurityTokenExpiredException($"IDX10223: Lifetime validation failed. The token is expired. ValidTo: '{validTo:O}', Current time: '{now:O}'.") { Expires = validTo };
        return true;
    };
}
