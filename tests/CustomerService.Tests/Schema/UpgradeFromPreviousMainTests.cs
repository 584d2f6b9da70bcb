using System.Net;
using CustomerService.Features.Enrollment;
using CustomerService.Infrastructure;
using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Data.Migrations;
using CustomerService.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerService.Tests.Schema;

/// <summary>
/// Today's service started on a database the previous main made and filled (<see cref="PreviousMain"/>): the generated
/// migrations adopt it without a schema change, it ends with exactly the schema of a database created today, and a
/// tax id that release encrypted with a key from its keys folder still reads, with the key now in the database.
/// </summary>
public abstract class UpgradeFromPreviousMainTests(PreviousMainApp app)
{
    [Fact]
    public async Task TheUpgradedSchemaIsTheSchemaOfADatabaseCreatedToday()
    {
        await using var fresh = app.Provider == "postgres" ? await TestDatabase.PostgresAsync() : TestDatabase.Sqlite();
        await using (var db = ModelContext.For(app.Provider, fresh.ConnectionString))
        {
            await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
        }

        var created = await DescribeAsync(fresh);
        var upgraded = await app.WithDbAsync(async db =>
        {
            await using var connection = PreviousMain.Connect(app.Provider, db.Database.GetConnectionString()!);
            await connection.OpenAsync();
            return await DatabaseSchema.DescribeAsync(connection, app.Provider);
        });

        Assert.Contains(upgraded, line => line.Contains("data_protection_keys", StringComparison.Ordinal));
        Assert.Equal(created, upgraded);
    }

    [Fact]
    public async Task TheHistoryKeepsTheHandWrittenMigrationsAndRecordsEveryGeneratedOne()
    {
        var (applied, generated) = await app.WithDbAsync(async db => (await db.Database.GetAppliedMigrationsAsync(), db.Database.GetMigrations()));

        Assert.Equal(MigrationBaseline.Baseline, generated.First());
        Assert.Equal(MigrationBaseline.HandWritten.Concat(generated), applied);
    }

    [Fact]
    public async Task ATaxIdEncryptedBeforeTheUpgradeStillMasksForTheCustomerAndExportsForAnAdmin()
    {
        using var customer = app.CreateClient(() => app.Issuer.Token(PreviousMain.Subject, ["customer"], PreviousMain.Email));
        using var admin = app.CreateClient(() => app.Issuer.Token("kc-admin", ["admin"]));
        var id = await app.WithDbAsync(db => db.Customers.Where(c => c.Email == PreviousMain.Email).Select(c => c.Id).SingleAsync());

        var profile = await (await customer.GetAsync("/api/customer")).JsonAsync();
        var export = await admin.GetAsync($"/api/backoffice/customers/{id}/export");

        Assert.Equal("**-***6789", profile["taxId"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal(PreviousMain.TaxId, (await export.JsonAsync())["profile"]!["taxId"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheFolderKeysAreImportedOnceAndTheDatabaseAloneDecryptsWhatTheyEncrypted()
    {
        var folderKeys = Directory.GetFiles(app.KeysFolder, "key-*.xml").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToList();
        await app.Services.MigrateAsync(TestContext.Current.CancellationToken); // a second start imports nothing again

        var stored = await app.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.FriendlyName!).ToListAsync());
        Assert.Single(folderKeys);
        Assert.Equal(folderKeys, stored.Where(folderKeys.Contains).Order(StringComparer.Ordinal));

        // A fresh key ring that reads only the database (no folder) decrypts the tax id the folder's key encrypted.
        var cipher = await app.WithDbAsync(db => db.Customers.Where(c => c.Email == PreviousMain.Email).Select(c => c.TaxIdProtected!).SingleAsync());
        var services = new ServiceCollection().AddLogging();
        services.AddScoped<CustomerDbContext>(_ => ModelContext.For(app.Provider, app.ConnectionString));
        services.AddDataProtection().SetApplicationName(DataProtectionSetup.ApplicationName).PersistKeysToDbContext<CustomerDbContext>();
        await using var provider = services.BuildServiceProvider();
        Assert.Equal(PreviousMain.TaxId, provider.GetDataProtector(SubmitEnrollment.TaxIdPurpose).Unprotect(cipher));
    }

    private static async Task<List<string>> DescribeAsync(TestDatabase database)
    {
        await using var connection = PreviousMain.Connect(database.Provider, database.ConnectionString);
        await connection.OpenAsync();
        return await DatabaseSchema.DescribeAsync(connection, database.Provider);
    }
}

/// <summary>The service of today on a database the previous main made (see <see cref="PreviousMain"/>), its keys folder configured as then.</summary>
public abstract class PreviousMainApp : CustomerServiceApp
{
    public string KeysFolder { get; } = Directory.CreateTempSubdirectory("customer-service-previous-main-keys-").FullName;

    protected abstract Task<TestDatabase> CreateEmptyDatabaseAsync();

    protected override async Task<TestDatabase> CreateDatabaseAsync()
    {
        var database = await CreateEmptyDatabaseAsync();
        if (database is not TestDatabase.UnavailableDatabase) await PreviousMain.CreateAsync(database, KeysFolder);
        return database;
    }

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["DataProtection:KeysPath"] = KeysFolder };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(KeysFolder, recursive: true);
        GC.SuppressFinalize(this);
    }
}

public sealed class PreviousMainSqliteApp : PreviousMainApp
{
    protected override Task<TestDatabase> CreateEmptyDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PreviousMainPostgresApp : PreviousMainApp, IRunsOnPostgres
{
    protected override Task<TestDatabase> CreateEmptyDatabaseAsync() => TestDatabase.PostgresAsync();
}

public sealed class UpgradeFromPreviousMainOnSqlite(PreviousMainSqliteApp app) : UpgradeFromPreviousMainTests(app), IClassFixture<PreviousMainSqliteApp>;

[Trait(TestCategory.Trait, TestCategory.Postgres)]
public sealed class UpgradeFromPreviousMainOnPostgres(PreviousMainPostgresApp app) : UpgradeFromPreviousMainTests(app), IClassFixture<PreviousMainPostgresApp>;
