using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Data.Migrations;
using CustomerService.Infrastructure.Data.Migrations.Postgres;
using CustomerService.Infrastructure.Data.Migrations.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Tests.Infrastructure;

/// <summary>A context of the service's model on a database, without the app (no DI; the outbox writer with default options).</summary>
internal static class ModelContext
{
    public static CustomerDbContext For(string provider, string connectionString) => provider == "postgres"
        ? new PostgresCustomerDbContext(new DbContextOptionsBuilder<PostgresCustomerDbContext>().UseNpgsql(connectionString).Options)
        : new SqliteCustomerDbContext(new DbContextOptionsBuilder<SqliteCustomerDbContext>().UseSqlite(connectionString).Options);
}
