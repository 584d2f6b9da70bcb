using System.Net.Sockets;
using System.Text.Json.Nodes;
using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Http;
using CustomerService.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CustomerService.Tests.Api;

/// <summary>Which database failures are a 503, and the problem and the log line the exception handler makes of one.</summary>
public sealed class DatabaseUnavailableProblemTests
{
    public static TheoryData<string> Transient => ["refused", "shutdown", "retries", "commit", "sqlite-busy"];

    public static TheoryData<string> NotTransient => ["unique", "nul", "sqlite-constraint", "bug"];

    private static Exception Failure(string name) => name switch
    {
        "refused" => new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)),
        "shutdown" => new DbUpdateException("save failed", new PostgresException("terminating connection", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown)),
        "retries" => new RetryLimitExceededException("gave up", new NpgsqlException("Exception while reading from stream", new IOException("reset"))),
        "commit" => new CommitOutcomeUnknownException(new NpgsqlException("Exception while writing to stream", new IOException("reset"))),
        "sqlite-busy" => new SqliteException("database is locked", 5),
        "unique" => new DbUpdateException("save failed", new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)),
        "nul" => new DbUpdateException("save failed", new PostgresException("invalid byte sequence", "ERROR", "ERROR", PostgresErrorCodes.CharacterNotInRepertoire)),
        "sqlite-constraint" => new DbUpdateException("save failed", new SqliteException("constraint failed", 19)),
        _ => new InvalidOperationException("a bug"),
    };

    [Theory]
    [MemberData(nameof(Transient))]
    public async Task ATransientDatabaseFailureIsA503ProblemWithRetryAfterAndOneWarningWithoutStackTrace(string failure)
    {
        Assert.True(DbErrors.IsTransient(Failure(failure)));
        var (http, body, logs) = await HandleAsync(Failure(failure));

        Assert.Equal(503, http.Response.StatusCode);
        Assert.Equal("5", http.Response.Headers.RetryAfter.ToString());
        Assert.Equal(503, body["status"]!.GetValue<int>());
        Assert.Equal("Service temporarily unavailable", body["title"]!.GetValue<string>());
        Assert.Contains("Retry after 5 seconds", body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var entry = Assert.Single(logs.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Null(entry.Exception);
        Assert.StartsWith("Database unavailable on GET /api/enrollment/plans", entry.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(NotTransient))]
    public async Task AnyOtherFailureIsA500LoggedOnceAtErrorWithItsException(string failure)
    {
        Assert.False(DbErrors.IsTransient(Failure(failure)));
        var (http, body, logs) = await HandleAsync(Failure(failure));

        Assert.Equal(500, http.Response.StatusCode);
        Assert.False(http.Response.Headers.ContainsKey("Retry-After"));
        Assert.Equal(500, body["status"]!.GetValue<int>());
        var entry = Assert.Single(logs.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.NotNull(entry.Exception);
    }

    private static async Task<(HttpContext Http, JsonObject Body, CapturedLogs Logs)> HandleAsync(Exception exception)
    {
        var logs = new CapturedLogs();
        await using var services = new ServiceCollection()
            .AddLogging(l => l.ClearProviders().AddProvider(logs))
            .AddProblemDetails()
            .BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Request.Method = "GET";
        http.Request.Path = "/api/enrollment/plans";
        http.Request.Headers.Accept = "application/json";
        http.Response.Body = new MemoryStream();
        var handler = new ProblemDetailsExceptionHandler(services.GetRequiredService<IProblemDetailsService>(),
            services.GetRequiredService<ILogger<ProblemDetailsExceptionHandler>>());

        Assert.True(await handler.TryHandleAsync(http, exception, TestContext.Current.CancellationToken));
        http.Response.Body.Position = 0;
        var body = (await JsonNode.ParseAsync(http.Response.Body, cancellationToken: TestContext.Current.CancellationToken))!.AsObject();
        return (http, body, logs);
    }
}
