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
        if (options.IsPostgres)
            builder.Services.AddDbContext<CustomerDbContext, PostgresCustomerDbContext>(db => Logging(db
                .UseNpgsql(connectionString, o => o.EnableRetryOnFailure(TransientRetries.MaxRetryCount, TransientRetries.MaxRetryDelay, null))));
        else
            builder.Services.AddDbContext<CustomerDbContext, SqliteCustomerDbContext>(db => Logging(db.UseSqlite(connectionString)));
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
    /// </summary>
    private static string PostgresConnectionString(string configured) =>
        new NpgsqlConnectionStringBuilder(configured) { NoResetOnClose = true }.ConnectionString;

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
