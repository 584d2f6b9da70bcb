using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

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
        if (!options.IsPostgres)
            connectionString = SqliteConnectionString(connectionString, builder.Environment.ContentRootPath);

        builder.Services.AddDbContext<CustomerDbContext>(db =>
        {
            // PostgreSQL: a transient failure (server restarting, connection dropped, deadlock) is retried briefly, then
            // answered 503 (see CustomerDbContext.InTransactionAsync for what a retry re-runs). SQLite is a local file:
            // no retrying strategy; a busy database is waited out by the connection's DefaultTimeout instead.
            if (options.IsPostgres)
                db.UseNpgsql(connectionString, o => o.EnableRetryOnFailure(TransientRetries.MaxRetryCount, TransientRetries.MaxRetryDelay, null));
            else
                db.UseSqlite(connectionString);
            // Migrations are written by hand (no design-time tooling here); a test compares the migrated schema with the model instead.
            db.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
            // A failed command is logged once, by whoever handles it: a conflict by its use case (Information), a
            // transient failure by the exception handler (Warning, 503), anything else by the exception handler (Error).
            db.ConfigureWarnings(w => w.Log(TransientRetries.HandledFailureEvents));
        });
        builder.Services.AddScoped<NumberSequences>();
        return builder;
    }

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

    /// <summary>Applies the schema migrations (both providers run the same ones) and switches SQLite to WAL.</summary>
    public static async Task MigrateCustomerDatabaseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (!options.MigrateOnStart) return;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CustomerDbContext>();
        if (!options.IsPostgres)
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        await db.Database.MigrateAsync();
    }
}
