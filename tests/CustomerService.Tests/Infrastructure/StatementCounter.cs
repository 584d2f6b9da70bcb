using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CustomerService.Tests.Infrastructure;

/// <summary>
/// Counts, per HTTP request, the commands EF sends (each a round trip) and the connections it opens. Only requests
/// that carry <see cref="Header"/> are counted, so background work (the relay's polling, the pruner) never blurs a
/// count; an id is reused never.
/// </summary>
public sealed class StatementCounter(IHttpContextAccessor http) : DbCommandInterceptor, IDbConnectionInterceptor
{
    public const string Header = "X-Test-Count-Statements";

    private readonly ConcurrentDictionary<string, RequestStatements> _requests = new(StringComparer.Ordinal);

    /// <summary>What the request sent with this id in <see cref="Header"/> issued (empty when it issued nothing).</summary>
    public RequestStatements Of(string id) => _requests.GetOrAdd(id, _ => new RequestStatements());

    private RequestStatements? Current() =>
        http.HttpContext?.Request.Headers[Header].ToString() is { Length: > 0 } id ? Of(id) : null;

    private void Command(DbCommand command) => Current()?.AddCommand(command.CommandText);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Command(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Command(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Command(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Command(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Command(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Command(command);
        return ValueTask.FromResult(result);
    }

    public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Current()?.AddConnectionOpened();

    public Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Current()?.AddConnectionOpened();
        return Task.CompletedTask;
    }
}

public sealed class RequestStatements
{
    private readonly ConcurrentQueue<string> _commands = new();
    private int _connectionsOpened;

    /// <summary>The command texts, in the order sent: one entry per round trip (a batch is one).</summary>
    public IReadOnlyList<string> Commands => [.. _commands];

    public int ConnectionsOpened => _connectionsOpened;

    internal void AddCommand(string text) => _commands.Enqueue(text);

    internal void AddConnectionOpened() => Interlocked.Increment(ref _connectionsOpened);

    /// <summary>Asserts one command that names the token's subject (the sign-in lookup is part of it), on one connection.</summary>
    public void AssertOneStatementThatFindsTheCustomer()
    {
        Assert.True(Commands.Count == 1 && Commands[0].Contains("subject", StringComparison.Ordinal), ToString());
        Assert.True(ConnectionsOpened == 1, ToString());
    }

    public override string ToString() => $"{_connectionsOpened} connection(s) opened, {_commands.Count} command(s):\n" + string.Join("\n---\n", _commands);
}

public static class StatementCounting
{
    /// <summary>Sends the request with a fresh count id and returns the response with what it issued.</summary>
    public static async Task<(HttpResponseMessage Response, RequestStatements Statements)> CountingAsync(
        this HttpClient client, CustomerServiceApp app, HttpRequestMessage request)
    {
        var id = Guid.NewGuid().ToString("N");
        request.Headers.Add(StatementCounter.Header, id);
        var response = await client.SendAsync(request);
        // The response may be flushed before the request's scope ends; nothing after it issues statements here.
        return (response, app.Statements.Of(id));
    }

    public static Task<(HttpResponseMessage Response, RequestStatements Statements)> GetCountingAsync(this HttpClient client, CustomerServiceApp app, string uri) =>
        client.CountingAsync(app, new HttpRequestMessage(HttpMethod.Get, uri));
}
