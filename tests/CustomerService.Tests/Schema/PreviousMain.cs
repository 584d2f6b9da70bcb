using System.Data.Common;
using CustomerService.Features.Customers;
using CustomerService.Features.Enrollment;
using CustomerService.Infrastructure;
using CustomerService.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CustomerService.Tests.Schema;

/// <summary>
/// A database as the previous main left it: the schema of its hand-written migrations (PreviousMain/*.sql, scripted
/// from them) and a business customer whose tax id that release encrypted, with a key in its keys folder, as it did:
/// Data Protection with the service's application name and keys kept in DataProtection:KeysPath.
/// </summary>
internal static class PreviousMain
{
    public const string Subject = "kc-previous-main";
    public const string Email = "ops@previous-main.example";
    public const string TaxId = "12-3456789";

    public static async Task CreateAsync(TestDatabase database, string keysFolder)
    {
        await using var connection = Connect(database.Provider, database.ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, Script(database.Provider));

        using var services = new ServiceCollection().AddDataProtection()
            .SetApplicationName(DataProtectionSetup.ApplicationName)
            .PersistKeysToFileSystem(new DirectoryInfo(keysFolder))
            .Services.BuildServiceProvider();
        var taxId = services.GetDataProtector(SubmitEnrollment.TaxIdPurpose).Protect(TaxId);

        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO customers (type, business_name, business_type, tax_id_protected, name, email, phone, contact_first_name,
                contact_last_name, contact_email, contact_phone, status, subject, last_event_sequence, created_at, updated_at)
            VALUES ('business', 'Previous Main LLC', 'llc', @taxId, 'Previous Main LLC', @email, '(555) 987-6543', 'Pat',
                'Lee', @email, '(555) 987-6543', @status, @subject, 0, @at, @at)
            """;
        Add(insert, "@taxId", taxId);
        Add(insert, "@email", Email);
        Add(insert, "@status", CustomerLifecycle.Live);
        Add(insert, "@subject", Subject);
        Add(insert, "@at", new DateTime(2026, 11, 20, 15, 0, 0, DateTimeKind.Utc));
        await insert.ExecuteNonQueryAsync();
    }

    public static DbConnection Connect(string provider, string connectionString) => provider == "postgres"
        ? new NpgsqlConnection(connectionString)
        : new SqliteConnection(connectionString);

    private static string Script(string provider)
    {
        using var stream = typeof(PreviousMain).Assembly.GetManifestResourceStream($"PreviousMain.{provider}.sql")
            ?? throw new InvalidOperationException($"The PreviousMain/{provider}.sql resource is missing.");
        return new StreamReader(stream).ReadToEnd();
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
