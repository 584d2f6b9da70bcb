using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace CustomerService.Infrastructure.Data;

/// <summary>Recognizes database errors by SQLSTATE / SQLite result code and constraint name, never by message text.</summary>
public static class DbErrors
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    /// <summary>
    /// A failure that says nothing about the request and may pass by itself: the server unreachable, restarting or
    /// out of connections, a dropped connection, a serialization failure or deadlock (PostgreSQL's transient
    /// SQLSTATEs), a SQLite database still locked after the busy timeout; also the execution strategy giving up
    /// (<see cref="RetryLimitExceededException"/>) and <see cref="CommitOutcomeUnknownException"/>. Answered 503.
    /// </summary>
    public static bool IsTransient(Exception? ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case RetryLimitExceededException or CommitOutcomeUnknownException:
                case NpgsqlException { IsTransient: true }:
                case SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked }:
                    return true;
                case NpgsqlException or SqliteException:
                    return false;
            }
        }
        return false;
    }

    /// <summary>The SQLSTATE (PostgreSQL) or result code (SQLite) of the database error inside <paramref name="ex"/>, for logs.</summary>
    public static string? Code(Exception? ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is PostgresException pg) return pg.SqlState;
            if (e is SqliteException sqlite) return sqlite.SqliteErrorCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return null;
    }

    /// <summary>The innermost exception's type name: what failed (SocketException, TimeoutException…), for logs without a stack trace.</summary>
    public static string Cause(Exception ex)
    {
        var e = ex;
        while (e.InnerException is not null) e = e.InnerException;
        return e.GetType().Name;
    }

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
