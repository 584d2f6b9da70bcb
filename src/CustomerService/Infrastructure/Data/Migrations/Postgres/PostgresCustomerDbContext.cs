using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CustomerService.Infrastructure.Data.Migrations.Postgres;

/// <summary>The context on PostgreSQL, owner of the PostgreSQL migrations in this folder.</summary>
public sealed class PostgresCustomerDbContext(DbContextOptions<PostgresCustomerDbContext> options) : CustomerDbContext(options);

/// <summary>For <c>dotnet ef migrations add … --context PostgresCustomerDbContext</c>: the model, with no database or app settings.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCustomerDbContext>
{
    public PostgresCustomerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCustomerDbContext>().UseNpgsql("Host=design-time").Options);
}
