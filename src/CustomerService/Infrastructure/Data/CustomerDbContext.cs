using System.Text;
using CustomerService.Features.Accounts;
using CustomerService.Features.Audit;
using CustomerService.Features.Billing;
using CustomerService.Features.Contracts;
using CustomerService.Features.Customers;
using CustomerService.Features.Enrollment;
using CustomerService.Features.Invites;
using CustomerService.Features.Tariffs;
using CustomerService.Features.Meters;
using CustomerService.Features.Plans;
using CustomerService.Features.Preferences;
using CustomerService.Features.Premises;
using CustomerService.Features.ServicePoints;
using CustomerService.Infrastructure.Outbox;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CustomerService.Infrastructure.Data;

/// <summary>
/// The service's one context. Each provider has its own subclass (<see cref="Migrations.Sqlite.SqliteCustomerDbContext"/>,
/// <see cref="Migrations.Postgres.PostgresCustomerDbContext"/>) only so that each carries its own generated migrations,
/// EF's documented layout for one model on several providers; the model and the code are this class's.
/// </summary>
/// <remarks>
/// Pooled (<c>AddDbContextPool</c>): an instance serves one scope at a time and is reset between them, so a request pays
/// neither for building a context nor for its internal services. Whatever state this class adds is cleared in
/// <see cref="Dispose"/>, where the scope hands it back.
/// </remarks>
public abstract class CustomerDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    private List<RecordedEvent>? _recorded;

    // The application's writer (a singleton: a pooled context outlives the scopes it serves). A context made outside the
    // application's services (design time, tools, tests of the schema) writes with the default options.
    private OutboxWriter Outbox => _outbox ??=
        this.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<OutboxWriter>()
        ?? Migrations.DesignTime.Outbox;

    private OutboxWriter? _outbox;

    public DbSet<Territory> Territories => Set<Territory>();
    public DbSet<TerritoryZipPrefix> TerritoryZipPrefixes => Set<TerritoryZipPrefix>();
    public DbSet<ServicePoint> ServicePoints => Set<ServicePoint>();
    public DbSet<Meter> Meters => Set<Meter>();
    public DbSet<Plan> Plans => Set<Plan>();
    public DbSet<PlanTerritory> PlanTerritories => Set<PlanTerritory>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<CustomerChange> CustomerChanges => Set<CustomerChange>();
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<AccountParty> AccountParties => Set<AccountParty>();
    public DbSet<Premise> Premises => Set<Premise>();
    public DbSet<ServiceStop> ServiceStops => Set<ServiceStop>();
    public DbSet<Contract> Contracts => Set<Contract>();
    public DbSet<ContractAccount> ContractAccounts => Set<ContractAccount>();
    public DbSet<CustomerPreferences> Preferences => Set<CustomerPreferences>();
    public DbSet<EnrollmentRecord> Enrollments => Set<EnrollmentRecord>();
    public DbSet<IdempotencyRecord> IdempotencyKeys => Set<IdempotencyRecord>();
    public DbSet<OutboxEvent> OutboxEvents => Set<OutboxEvent>();
    public DbSet<NumberSequence> NumberSequences => Set<NumberSequence>();
    public DbSet<AccessLogEntry> AccessLog => Set<AccessLogEntry>();
    public DbSet<Bill> Bills => Set<Bill>();
    public DbSet<Payment> Payments => Set<Payment>();
    public DbSet<MeterRead> MeterReads => Set<MeterRead>();
    public DbSet<Invite> Invites => Set<Invite>();
    public DbSet<Esco> Escos => Set<Esco>();
    public DbSet<BenchmarkTariff> BenchmarkTariffs => Set<BenchmarkTariff>();
    public DbSet<MicrogridTariff> MicrogridTariffs => Set<MicrogridTariff>();
    public DbSet<CustomerTariff> CustomerTariffs => Set<CustomerTariff>();

    /// <summary>The Data Protection key ring, shared by every instance (see <see cref="DataProtectionSetup"/>).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>
    /// The key of a row added in this unit and not saved yet: EF's temporary value, which dependents added in the same
    /// save may carry as their foreign key; the save replaces it everywhere with the generated one. So a unit inserts a
    /// row and the rows that point at it in one SaveChanges (one round trip per level of the graph, not per row).
    /// </summary>
    public long KeyOf(object added) => (long)Entry(added).Property("Id").CurrentValue!;

    /// <summary>Records an event of a change made without an aggregate that records its own (preferences, invites, tariffs…).</summary>
    public void Record(long customerId, IDomainEvent data) => Record(() => customerId, () => data);

    /// <summary>As <see cref="Record(long, IDomainEvent)"/>, for a stream or payload that names ids this save assigns.</summary>
    public void Record(Func<long> customerId, Func<IDomainEvent> data) => (_recorded ??= []).Add(new RecordedEvent(customerId, data));

    /// <summary>
    /// The one commit step. Saves the change and, in the same transaction, the events it recorded (on its aggregates
    /// or through <see cref="Record(long, IDomainEvent)"/>) as outbox rows; begins and commits that transaction itself
    /// unless the caller holds one (<see cref="InTransactionAsync"/>). Events of a save that fails are dropped with it.
    /// In a transaction of its own, a transient failure is retried until the change itself has been saved (the change
    /// tracker still holds it); after that the change tracker has accepted it, so it is not retried.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var recorded = TakeRecordedEvents();
        if (recorded.Count == 0) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (Database.CurrentTransaction is not null) return await SaveWithEventsAsync(recorded, acceptAllChangesOnSuccess, null, cancellationToken);

        return await RunInTransactionAsync(async (tx, ct) =>
        {
            var saved = await SaveWithEventsAsync(recorded, acceptAllChangesOnSuccess, tx, ct);
            await tx.CommitAsync(ct);
            Committed();
            return saved;
        }, rerunFromScratch: false, cancellationToken);
    }

    private async Task<int> SaveWithEventsAsync(List<RecordedEvent> recorded, bool acceptAllChangesOnSuccess, UnitOfWork? own, CancellationToken ct)
    {
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
        own?.PassPointOfNoReturn();
        await Outbox.WriteAsync(this, recorded, ct);
        _eventsWritten = true;
        // On PostgreSQL the writer inserted the rows itself and this saves nothing (no round trip).
        return saved + await base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
    }

    // Whether the transaction in progress wrote outbox rows: its commit then wakes this instance's relay.
    private bool _eventsWritten;

    private void Committed()
    {
        if (!_eventsWritten) return;
        _eventsWritten = false;
        Outbox.Committed();
    }

    /// <summary>
    /// Runs a unit of work in one transaction under the provider's execution strategy; the work commits it through
    /// <see cref="UnitOfWork.CommitAsync"/>, and returning without committing rolls it back. A transient failure
    /// before the commit is sent (the database restarting, a dropped connection, a deadlock) re-runs the whole work
    /// from an empty change tracker, so the work loads everything it changes and records its events itself, and
    /// reads made before it are only inputs. A failure once the commit was sent is not retried: whether it committed is
    /// unknown, and a retry could apply it twice (<see cref="CommitOutcomeUnknownException"/>, answered 503).
    /// </summary>
    public Task<T> InTransactionAsync<T>(Func<UnitOfWork, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        if (Database.CurrentTransaction is not null)
            throw new InvalidOperationException("A unit of work runs in a transaction of its own; this one is inside another.");
        return RunInTransactionAsync(work, rerunFromScratch: true, ct);
    }

    private async Task<T> RunInTransactionAsync<T>(Func<UnitOfWork, CancellationToken, Task<T>> work, bool rerunFromScratch, CancellationToken ct)
    {
        var attempts = 0;
        return await Database.CreateExecutionStrategy().ExecuteAsync(async attemptCt =>
        {
            if (attempts++ > 0 && rerunFromScratch)
            {
                ChangeTracker.Clear();
                _recorded = null;
            }
            _eventsWritten = false;
            // No savepoint around each SaveChanges in the unit (EF's default: a SAVEPOINT and a RELEASE, two more
            // round trips per call): a unit whose save fails is rolled back whole, never continued.
            Database.AutoSavepointsEnabled = false;
            await using var tx = new UnitOfWork(await Database.BeginTransactionAsync(attemptCt), Committed);
            try
            {
                return await work(tx, attemptCt);
            }
            catch (Exception ex) when (tx.PastPointOfNoReturn && ex is not CommitOutcomeUnknownException && DbErrors.IsTransient(ex))
            {
                throw new CommitOutcomeUnknownException(ex);
            }
        }, ct);
    }

    /// <summary>Back to the pool: events recorded and never saved (a use case that refused after recording) go with the request.</summary>
    public override void Dispose()
    {
        ForgetUnitState();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    public override async ValueTask DisposeAsync()
    {
        ForgetUnitState();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private void ForgetUnitState()
    {
        _recorded = null;
        _eventsWritten = false;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        _recorded is { Count: > 0 } || ChangeTracker.Entries<EventRecordingEntity>().Any(e => e.Entity.HasRecordedEvents)
            ? throw new InvalidOperationException("A change that records events is saved with SaveChangesAsync, which writes them to the outbox.")
            : base.SaveChanges(acceptAllChangesOnSuccess);

    private List<RecordedEvent> TakeRecordedEvents()
    {
        var recorded = _recorded ?? [];
        _recorded = null;
        foreach (var entry in ChangeTracker.Entries<EventRecordingEntity>())
            recorded.AddRange(entry.Entity.TakeRecordedEvents());
        return recorded;
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CustomerDbContext).Assembly);
        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
        // The writing transaction's id orders the event feed (EventFeed). xid8 has no cast to bigint, hence the text
        // step; a 64-bit transaction id stays below 2^63 for as long as any PostgreSQL cluster runs.
        if (Database.IsNpgsql())
            modelBuilder.Entity<OutboxEvent>().Property(e => e.TransactionId).HasDefaultValueSql(OutboxEvent.CurrentTransactionIdSql);

        // One naming scheme on both providers: snake_case columns, as PostgreSQL and the PostgREST surface expect.
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every instant is UTC. SQLite hands DateTime back unspecified; mark it UTC so it serializes with Z.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    internal static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])))) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
