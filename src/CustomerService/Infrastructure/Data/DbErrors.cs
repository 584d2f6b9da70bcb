using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CustomerService.Infrastructure.Data;

/// <summary>Recognizes database errors by SQLSTATE / SQLite result code and constraint name, never by message text.</summary>
public static class DbErrors
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    public static bool IsUniqueViolation(DbUpdateException ex) => IsUniqueViolation(ex.InnerException);

    public static bool IsUniqueViolation(Exception? ex) => ex switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint &&
                                  sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey,
        _ => false,
    };

    /// <summary>
    /// A unique violation of one named constraint. PostgreSQL names it; SQLite does not, but SQLite runs one
    /// writer at a time (BEGIN IMMEDIATE), so the checks made inside the transaction already exclude the race there.
    /// </summary>
    public static bool IsUniqueViolation(Exception? ex, string constraint) =>
        ex is DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg1 } && pg1.ConstraintName == constraint
        || ex is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg2 && pg2.ConstraintName == constraint;
}
