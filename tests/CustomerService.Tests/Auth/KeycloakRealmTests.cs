using System.Text.Json.Nodes;
using CustomerService.Infrastructure.Auth;

namespace CustomerService.Tests.Auth;

/// <summary>The realm export in deploy/keycloak issues tokens this service accepts: its roles, audience and claim names.</summary>
public sealed class KeycloakRealmTests
{
    private static readonly JsonObject Realm = JsonNode.Parse(File.ReadAllText(Find("deploy/keycloak/customer-service-realm.json")))!.AsObject();

    [Fact]
    public void TheRealmDefinesTheFourRolesAndNewUsersAreCustomers()
    {
        var roles = Realm["roles"]!["realm"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ToList();
        Assert.Subset(roles.ToHashSet(), new HashSet<string> { Roles.Customer, Roles.Csr, Roles.Admin, Roles.Service });
        var defaults = Realm["roles"]!["realm"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "default-roles-customer-service");
        Assert.Equal(["customer"], defaults!["composites"]!["realm"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public void EveryClientGetsTheApiAudienceRealmRolesAndVerifiedEmail()
    {
        var scopes = Realm["clientScopes"]!.AsArray().ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!);
        var audience = scopes["customer-service-api"]["protocolMappers"]!.AsArray().Single()!;
        Assert.Equal(new AuthOptions().Audience, audience["config"]!["included.custom.audience"]!.GetValue<string>());
        Assert.Equal("realm_access.roles", scopes["roles"]["protocolMappers"]!.AsArray().Single(m => m!["protocolMapper"]!.GetValue<string>() == "oidc-usermodel-realm-role-mapper")!["config"]!["claim.name"]!.GetValue<string>());
        var verified = scopes["email"]["protocolMappers"]!.AsArray().Single(m => m!["name"]!.GetValue<string>() == "email verified")!["config"]!;
        Assert.Equal(("email_verified", "boolean"), (verified["claim.name"]!.GetValue<string>(), verified["jsonType.label"]!.GetValue<string>()));

        foreach (var client in Realm["clients"]!.AsArray())
        {
            var own = client!["defaultClientScopes"]!.AsArray().Select(s => s!.GetValue<string>()).ToList();
            Assert.Contains("customer-service-api", own);
            Assert.Contains("roles", own);
            Assert.All(own, s => Assert.True(scopes.ContainsKey(s), $"{client["clientId"]} uses undefined scope {s}"));
        }
    }

    [Fact]
    public void ThePortalUsesCodeFlowWithPkceAndTheBillingServiceHasTheServiceRole()
    {
        var clients = Realm["clients"]!.AsArray().ToDictionary(c => c!["clientId"]!.GetValue<string>(), c => c!);
        Assert.Equal("S256", clients["customer-portal"]["attributes"]!["pkce.code.challenge.method"]!.GetValue<string>());
        Assert.False(clients["customer-portal"]["implicitFlowEnabled"]!.GetValue<bool>());
        Assert.True(clients["billing-service"]["serviceAccountsEnabled"]!.GetValue<bool>());
        var account = Realm["users"]!.AsArray().Single(u => u!["serviceAccountClientId"]?.GetValue<string>() == "billing-service")!;
        Assert.Contains("service", account["realmRoles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.All(Realm["clients"]!.AsArray().Where(c => c!["secret"] is not null), c => Assert.StartsWith("CHANGE-ME", c!["secret"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public void ThePortalClientIsConfidentialReturnsToTheCallbackAndSignedOutAndGetsEmailVerifiedAndNameInItsIdToken()
    {
        var portal = Realm["clients"]!.AsArray().Single(c => c!["clientId"]!.GetValue<string>() == new PortalSignInOptions().ClientId)!;
        Assert.False(portal["publicClient"]!.GetValue<bool>());
        Assert.Equal("client-secret", portal["clientAuthenticatorType"]!.GetValue<string>());
        Assert.True(portal["standardFlowEnabled"]!.GetValue<bool>());
        Assert.False(portal["directAccessGrantsEnabled"]!.GetValue<bool>());
        Assert.All(portal["redirectUris"]!.AsArray(), u => Assert.EndsWith(PortalAuthentication.CallbackPath, u!.GetValue<string>(), StringComparison.Ordinal));
        var postLogout = portal["attributes"]!["post.logout.redirect.uris"]!.GetValue<string>().Split("##");
        Assert.Equal(["http://localhost:5080/signed-out", "https://customers.example.com/signed-out"], postLogout);

        var own = portal["defaultClientScopes"]!.AsArray().Select(s => s!.GetValue<string>()).ToList();
        Assert.Contains("email", own);
        Assert.Contains("profile", own);
        var scopes = Realm["clientScopes"]!.AsArray().ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!);
        var inIdToken = scopes["email"]["protocolMappers"]!.AsArray().Concat(scopes["profile"]["protocolMappers"]!.AsArray())
            .Where(m => m!["config"]!["id.token.claim"]?.GetValue<string>() == "true")
            .Select(m => m!["protocolMapper"]!.GetValue<string>() == "oidc-full-name-mapper" ? "name" : m["config"]!["claim.name"]!.GetValue<string>())
            .ToHashSet();
        Assert.Superset(new HashSet<string> { "email", "email_verified", "name" }, inIdToken);
    }

    private static string Find(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException(relative);
    }
}
