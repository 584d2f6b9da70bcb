using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CustomerService.Infrastructure.Data.Migrations.Sqlite;

/// <summary>The context on SQLite, owner of the SQLite migrations in this folder.</summary>
public sealed class SqliteCustomerDbContext(DbContextOptions<SqliteCustomerDbContext> options) : CustomerDbContext(options);

/// <summary>For <c>dotnet ef migrations add … --context SqliteCustomerDbContext</c>: the model, with no database or app settings.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCustomerDbContext>
{
    public SqliteCustomerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCustomerDbContext>().UseSqlite("Data Source=:memory:").Options);
}
