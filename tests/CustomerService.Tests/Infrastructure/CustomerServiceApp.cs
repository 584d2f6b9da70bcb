using CustomerService.Features.ReferenceData;
using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Data.Migrations.Postgres;
using CustomerService.Infrastructure.Data.Migrations.Sqlite;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerService.Tests.Infrastructure;

/// <summary>
/// The real service (Program) on one real database for the whole test run, configured only through the same
/// configuration keys an operator uses. Tests of one collection share it and reset its data between tests.
/// </summary>
public abstract class CustomerServiceApp : IAsyncLifetime
{
    private TestDatabase? _database;
    private Factory? _factory;
    private DatabaseReset? _reset;

    /// <summary>The OIDC issuer the app trusts through Auth:Authority.</summary>
    public TestIssuer Issuer { get; private set; } = null!;

    public TestClock Clock { get; } = new();

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    public string Provider => _database!.Provider;

    public string ConnectionString => _database!.ConnectionString;

    /// <summary>Extra configuration for this app (key → value).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public virtual async ValueTask InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        if (_database is TestDatabase.UnavailableDatabase) return;
        // The service judges token lifetimes by its TimeProvider, the test clock: tokens are minted on the same clock.
        Issuer = await TestIssuer.StartAsync(Clock);
        _factory = new Factory(this);
        // Real Kestrel on a loopback port, so requests cross a real HTTP stack (body limits, client addresses) as in production.
        _factory.UseKestrel(0);
        _factory.StartServer(); // migrate and seed once, now
        _reset = await WithDbAsync(DatabaseReset.CaptureAsync);
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        if (Issuer is not null) await Issuer.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Skips the calling test when PostgreSQL is unavailable outside CI (in CI that is a failure, raised at start).</summary>
    public virtual void SkipIfUnavailable()
    {
        if (_database is TestDatabase.UnavailableDatabase unavailable) Assert.Skip(unavailable.Reason);
    }

    /// <summary>Test-only services (e.g. a startup filter adding probe routes) for this app.</summary>
    protected virtual void ConfigureTestServices(IServiceCollection services)
    {
    }

    /// <summary>The app's real Kestrel address (http://127.0.0.1:port), for browsers and other out-of-process clients.</summary>
    public string BaseAddress
    {
        get
        {
            SkipIfUnavailable();
            return _factory!.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        }
    }

    public HttpClient CreateClient()
    {
        SkipIfUnavailable();
        return _factory!.CreateClient();
    }

    /// <summary>A client that sends this bearer token.</summary>
    public HttpClient CreateClient(string token) => CreateClient(() => token);

    /// <summary>A client that sends a token minted for each request, so it stays valid while a test moves the clock.</summary>
    public HttpClient CreateClient(Func<string> token)
    {
        SkipIfUnavailable();
        return new HttpClient(new BearerHandler(token) { InnerHandler = new HttpClientHandler() }) { BaseAddress = new Uri(BaseAddress) };
    }

    private sealed class BearerHandler(Func<string> token) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token());
            return base.SendAsync(request, cancellationToken);
        }
    }

    public IServiceProvider Services => _factory!.Services;

    /// <summary>The commands and connection opens of requests sent with <see cref="StatementCounting"/>.</summary>
    public StatementCounter Statements => _factory!.Services.GetRequiredService<StatementCounter>();

    /// <summary>A DbContext of the app's own configuration, for asserting rows.</summary>
    public async Task<T> WithDbAsync<T>(Func<CustomerDbContext, Task<T>> action)
    {
        await using var scope = _factory!.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CustomerDbContext>();
        return await action(db);
    }

    /// <summary>
    /// Waits until the event feed serves every committed outbox row. On PostgreSQL the feed holds back rows behind the
    /// oldest write transaction still open in the whole cluster (EventFeed): other test databases' transactions included.
    /// </summary>
    public Task FeedSettledAsync() => WithDbAsync(async db =>
    {
        if (!db.Database.IsNpgsql()) return 0;
        var until = DateTime.UtcNow.AddSeconds(30);
        while (await db.OutboxEvents.FromSql($"SELECT * FROM outbox_events WHERE transaction_id >= (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint").AnyAsync())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("The event feed's horizon did not pass the committed outbox rows within 30 s.");
            await Task.Delay(50);
        }
        return 0;
    });

    public Task<long> CountAsync(string table) => WithDbAsync(async db =>
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM {table}";
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            await connection.CloseAsync();
        }
    });

    /// <summary>Puts the data back as start-up left it (see <see cref="DatabaseReset"/>) and the clock at its default.</summary>
    public async Task ResetAsync()
    {
        SkipIfUnavailable();
        Clock.Reset();
        await WithDbAsync(async db =>
        {
            await _reset!.RunAsync(db);
            return true;
        });
        // The reset rewrites reference data behind the app's back, as no import would: the app is told, as after one.
        Services.GetRequiredService<ReferenceDataCache>().Invalidate();
    }

    private sealed class Factory(CustomerServiceApp app) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Database:Provider", app._database!.Provider);
            builder.UseSetting("ConnectionStrings:Customers", app._database.ConnectionString);
            builder.UseSetting("DataProtection:KeysPath", Path.Combine(Path.GetTempPath(), "customer-service-tests-keys"));
            builder.UseSetting("RateLimiting:Enrollment:PermitLimit", "100000");
            builder.UseSetting("Auth:Authority", app.Issuer.Authority);
            builder.UseSetting("Auth:Audience", TestIssuer.Audience);
            builder.UseSetting("Auth:RequireHttpsMetadata", "false");
            builder.UseSetting("Portal:ClientSecret", "test-portal-secret");
            // Tests run the lifecycle job themselves (RunOnceAsync), with their clock.
            builder.UseSetting("Contracts:LifecycleJob:Enabled", "false");
            foreach (var (key, value) in app.Settings) builder.UseSetting(key, value);
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(app.Clock);
                services.AddHttpContextAccessor();
                services.AddSingleton<StatementCounter>();
                services.ConfigureDbContext<PostgresCustomerDbContext>((sp, db) => db.AddInterceptors(sp.GetRequiredService<StatementCounter>()));
                services.ConfigureDbContext<SqliteCustomerDbContext>((sp, db) => db.AddInterceptors(sp.GetRequiredService<StatementCounter>()));
                app.ConfigureTestServices(services);
            });
        }
    }
}

/// <summary>
/// One of several instances of the service on one PostgreSQL database, as a deployment runs them: the database is
/// the caller's (created and dropped by it), each instance has its own settings.
/// </summary>
public sealed class InstanceOnSharedDatabase(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null) : CustomerServiceApp, IRunsOnPostgres
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new Borrowed(database));

    protected override IReadOnlyDictionary<string, string?> Settings => settings ?? new Dictionary<string, string?>();

    private sealed class Borrowed(TestDatabase owner) : TestDatabase
    {
        public override string Provider => owner.Provider;
        public override string ConnectionString => owner.ConnectionString;
        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

public sealed class SqliteApp : CustomerServiceApp
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgresApp : CustomerServiceApp, IRunsOnPostgres
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgresAsync();
}

/// <summary>PostgreSQL with the RabbitMQ transport: the app's own relay publishes to the test broker, on an exchange of its own.</summary>
public sealed class RabbitMqApp : CustomerServiceApp
{
    public string Exchange { get; } = $"customer-service.events.test-{Guid.NewGuid():N}";

    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgresAsync();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Events:Transport"] = "rabbitmq",
        ["ConnectionStrings:RabbitMq"] = TestBroker.ConnectionString,
        ["Events:RabbitMq:Exchange"] = Exchange,
        ["Events:PollingIntervalSeconds"] = "0.5",
        ["Events:RetryBaseSeconds"] = "0.2",
        ["Events:RetryMaxSeconds"] = "1",
        // Tests move the clock by years; the relay must not prune what they still assert.
        ["Events:RetentionHours"] = "87600",
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            await using var connection = await TestBroker.ConnectAsync();
            await using var channel = await connection.CreateChannelAsync();
            await channel.ExchangeDeleteAsync(Exchange);
        }
        catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.BrokerUnreachableException or RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            // No broker, nothing to clean up.
        }
    }
}

/// <summary>
/// SQLite with the Kafka transport: the app's own relay produces to librdkafka's mock cluster (three brokers, in this
/// process), to a topic of four partitions created here as an operator would create it.
/// </summary>
public sealed class KafkaApp : CustomerServiceApp
{
    public const int Partitions = 4;

    public string Topic { get; } = $"customer-service.events.test-{Guid.NewGuid():N}";

    public Kafka.MockKafkaCluster Cluster { get; private set; } = null!;

    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());

    public override async ValueTask InitializeAsync()
    {
        Cluster = new Kafka.MockKafkaCluster(brokers: 3);
        Cluster.CreateTopic(Topic, Partitions, replicationFactor: 3);
        await base.InitializeAsync();
    }

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Events:Transport"] = "kafka",
        ["ConnectionStrings:Kafka"] = Cluster.BootstrapServers,
        ["Events:Kafka:Topic"] = Topic,
        // librdkafka properties passed through: give up on a publish after 3 s (the relay then waits and retries)
        // and reconnect quickly once the brokers are back.
        ["Events:Kafka:Producer:message.timeout.ms"] = "3000",
        ["Events:Kafka:Producer:reconnect.backoff.max.ms"] = "500",
        ["Events:Kafka:Producer:client.id"] = "customer-service-tests",
        ["Events:Kafka:Producer:statistics.interval.ms"] = "200",
        ["Events:PollingIntervalSeconds"] = "0.2",
        ["Events:RetryBaseSeconds"] = "0.2",
        ["Events:RetryMaxSeconds"] = "1",
        ["Events:RetentionHours"] = "87600",
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Cluster?.Dispose();
    }
}

[CollectionDefinition(Name)]
[Trait(TestCategory.Trait, TestCategory.Kafka)]
public sealed class KafkaCollection : ICollectionFixture<KafkaApp>
{
    public const string Name = "kafka";
}

[CollectionDefinition(Name)]
[Trait(TestCategory.Trait, TestCategory.Broker)]
public sealed class RabbitMqCollection : ICollectionFixture<RabbitMqApp>
{
    public const string Name = "rabbitmq";
}

[CollectionDefinition(Name)]
public sealed class SqliteCollection : ICollectionFixture<SqliteApp>
{
    public const string Name = "sqlite";
}

[CollectionDefinition(Name)]
[Trait(TestCategory.Trait, TestCategory.Postgres)]
public sealed class PostgresCollection : ICollectionFixture<PostgresApp>
{
    public const string Name = "postgres";
}
