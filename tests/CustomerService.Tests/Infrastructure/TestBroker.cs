using System.Diagnostics;
using RabbitMQ.Client;

namespace CustomerService.Tests.Infrastructure;

/// <summary>
/// The real RabbitMQ the transport tests publish to (TEST_RABBITMQ, default the local broker). Like PostgreSQL,
/// a missing broker skips those tests outside CI and fails them in CI.
/// </summary>
public static class TestBroker
{
    private static readonly Lazy<Task<string?>> Unavailable = new(CheckAsync);

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("TEST_RABBITMQ") is { Length: > 0 } configured ? configured : "amqp://guest:guest@127.0.0.1:5672/";

    public static async Task SkipIfUnavailableAsync()
    {
        if (await Unavailable.Value is not { } reason) return;
        if (Environment.GetEnvironmentVariable("CI") is "true" or "1") throw new InvalidOperationException(reason);
        Assert.Skip(reason);
    }

    public static Task<IConnection> ConnectAsync() =>
        new ConnectionFactory { Uri = new Uri(ConnectionString), AutomaticRecoveryEnabled = false }.CreateConnectionAsync();

    private static async Task<string?> CheckAsync()
    {
        try
        {
            await using var connection = await ConnectAsync();
            return null;
        }
        catch (Exception ex)
        {
            return $"RabbitMQ is not reachable at {new Uri(ConnectionString).Host}:{new Uri(ConnectionString).Port} ({ex.GetType().Name}). " +
                   "Start rabbitmq-server (bash .ci/run does) or set TEST_RABBITMQ to an amqp:// URI.";
        }
    }

    /// <summary>Stops the RabbitMQ application on the local node (the Erlang node stays up; durable queues and persistent messages survive).</summary>
    public static Task StopAsync() => RabbitMqCtlAsync("stop_app");

    public static async Task StartAsync()
    {
        await RabbitMqCtlAsync("start_app");
        await RabbitMqCtlAsync("await_startup");
    }

    private static async Task RabbitMqCtlAsync(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("rabbitmqctl", command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("rabbitmqctl could not be started.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"rabbitmqctl {command} failed ({process.ExitCode}): {await output} {await error}");
    }
}
