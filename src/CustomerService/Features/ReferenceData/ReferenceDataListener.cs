using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CustomerService.Features.ReferenceData;

/// <summary>
/// On PostgreSQL, LISTENs for <see cref="ReferenceDataChanges.NotificationChannel"/> on a dedicated, unpooled
/// connection and empties this instance's <see cref="ReferenceDataCache"/> on every notification, and on every
/// (re)connect: a notification sent while the connection was down is lost, so whatever was cached then is dropped. On
/// SQLite (one process in practice) there is nothing to listen to: changes invalidate in process.
/// </summary>
public sealed partial class ReferenceDataListener(IServiceScopeFactory scopes, ReferenceDataCache cache, TimeProvider time, ILogger<ReferenceDataListener> log)
    : BackgroundService
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string? connectionString;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CustomerDbContext>();
            connectionString = db.Database.IsNpgsql() ? db.Database.GetConnectionString() : null;
        }
        if (connectionString is null) return;

        var csb = new NpgsqlConnectionStringBuilder(connectionString) { KeepAlive = 30, Pooling = false };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(csb.ConnectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, _) => cache.Invalidate();
                await using (var listen = new NpgsqlCommand($"LISTEN {ReferenceDataChanges.NotificationChannel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                cache.Invalidate(); // whatever changed while not listening
                while (!stoppingToken.IsCancellationRequested) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                cache.Invalidate();
                LogListenFailed(log, ex.GetType().Name);
                try { await Task.Delay(ReconnectDelay, time, stoppingToken); } catch (OperationCanceledException) { return; }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reference data LISTEN connection failed ({ExceptionType}); the cache is emptied and the connection retried")]
    private static partial void LogListenFailed(ILogger logger, string exceptionType);
}
