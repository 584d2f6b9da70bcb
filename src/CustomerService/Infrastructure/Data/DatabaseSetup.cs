using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using CustomerService.Infrastructure.Data.Migrations.Postgres;
using CustomerService.Infrastructure.Data.Migrations.Sqlite;

namespace CustomerService.Infrastructure.Data;

public static class DatabaseSetup
{
    public const string ConnectionStringName = "Customers";

    public static WebApplicationBuilder AddCustomerDatabase(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .Bind(builder.Configuration.GetSection(DatabaseOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (options.IsPostgres && string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("Database:Provider is postgres but ConnectionStrings:Customers is not set.");
        connectionString = options.IsPostgres
            ? PostgresConnectionString(connectionString!)
            : SqliteConnectionString(connectionString, builder.Environment.ContentRootPath);

        // One context type per provider, each with its own generated migrations; everything else asks for CustomerDbContext.
        // PostgreSQL: a transient failure (server restarting, connection dropped, deadlock) is retried briefly, then
        // answered 503 (see CustomerDbContext.InTransactionAsync for what a retry re-runs). SQLite is a local file:
        // no retrying strategy; a busy database is waited out by the connection's DefaultTimeout instead.
        // Pooled contexts (EF's DbContext pooling): options built once, and a request rents a context already set up
        // instead of constructing one and its internal services.
        if (options.IsPostgres)
            builder.Services.AddDbContextPool<CustomerDbContext, PostgresCustomerDbContext>(db => Logging(db
                .UseNpgsql(connectionString, o => o.EnableRetryOnFailure(TransientRetries.MaxRetryCount, TransientRetries.MaxRetryDelay, null))));
        else
            builder.Services.AddDbContextPool<CustomerDbContext, SqliteCustomerDbContext>(db => Logging(db.UseSqlite(connectionString)));
        builder.Services.AddScoped<NumberSequences>();
        return builder;
    }

    /// <summary>
    /// A failed command is logged once, by whoever handles it: a conflict by its use case (Information), a transient
    /// failure by the exception handler (Warning, 503), anything else by the exception handler (Error).
    /// </summary>
    private static void Logging(DbContextOptionsBuilder db) => db.ConfigureWarnings(w => w.Log(TransientRetries.HandledFailureEvents));

    /// <summary>
    /// EF opens and closes the connection around each query outside a transaction; by default Npgsql then runs
    /// <c>DISCARD ALL</c> ahead of the next statement on that pooled connection, so the server resets a session before nearly
    /// every query (and forgets its prepared statements). Nothing in
    /// this service leaves session state on a pooled connection: no SET, temporary tables, cursors, session advisory
    /// locks or LISTEN (the migration lock and the relay's and reference data's LISTEN use dedicated unpooled
    /// connections), and a transaction left open is still rolled back when its connection returns to the pool. So the
    /// reset only costs, and is turned off.
    /// <para>
    /// Statements are prepared automatically (Npgsql's <c>Max Auto Prepare</c>, unless the connection string sets it): a
    /// statement sent <c>Auto Prepare Min Usages</c> times (5) on a connection is prepared there, and PostgreSQL then
    /// skips parsing and planning it. EF's SQL is parameterized, so the statements are few and repeat; planning was
    /// most of PostgreSQL's work for the reads (the account-detail statement: about 1,500 executions per second on this
    /// machine's two cores unprepared, 10,000 prepared; README, Benchmark). <c>Max Auto Prepare=0</c> turns it off, e.g.
    /// behind a pooler in transaction mode that does not track prepared statements.
    /// </para>
    /// </summary>
    internal static string PostgresConnectionString(string configured)
    {
        var csb = new NpgsqlConnectionStringBuilder(configured) { NoResetOnClose = true };
        if (!new DbConnectionStringBuilder { ConnectionString = configured }.Keys.Cast<string>()
                .Any(k => string.Equals(k.Replace(" ", ""), "MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
            csb.MaxAutoPrepare = AutoPreparedStatements;
        return csb.ConnectionString;
    }

    /// <summary>Statements kept prepared per connection (least recently used replaced): the service sends fewer distinct ones.</summary>
    public const int AutoPreparedStatements = 200;

    /// <summary>With no connection string, a SQLite file under data/ beside the content root, created on first run.</summary>
    private static string SqliteConnectionString(string? configured, string contentRoot)
    {
        var csb = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured) ? "Data Source=data/customers.db" : configured);
        if (csb.DataSource != ":memory:" && !Path.IsPathRooted(csb.DataSource))
            csb.DataSource = Path.GetFullPath(Path.Combine(contentRoot, csb.DataSource));
        var folder = Path.GetDirectoryName(csb.DataSource);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        csb.ForeignKeys = true;
        csb.DefaultTimeout = 30;
        return csb.ToString();
    }
}
