namespace CustomerService.Tests.Infrastructure;

/// <summary>
/// The embedded default's identity: no Auth:Authority, so the service issues its own tokens and the portal offers
/// its development sign-in page. On SQLite, as `dotnet run` starts it.
/// </summary>
public sealed class DevelopmentIdentityApp : CustomerServiceApp
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Auth:Authority"] = "",
    };
}

[CollectionDefinition(Name)]
public sealed class DevelopmentIdentityCollection : ICollectionFixture<DevelopmentIdentityApp>
{
    public const string Name = "development-identity";
}

/// <summary>The development identity on PostgreSQL, for the tests that sign in to the portal on both providers.</summary>
public sealed class DevelopmentIdentityPostgresApp : CustomerServiceApp, IRunsOnPostgres
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgresAsync();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Auth:Authority"] = "",
    };
}

[CollectionDefinition(Name)]
[Trait(TestCategory.Trait, TestCategory.Postgres)]
public sealed class DevelopmentIdentityPostgresCollection : ICollectionFixture<DevelopmentIdentityPostgresApp>
{
    public const string Name = "development-identity-postgres";
}
