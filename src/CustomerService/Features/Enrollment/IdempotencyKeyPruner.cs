using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.Enrollment;

public sealed class IdempotencyOptions
{
    public const string Section = "Enrollment:Idempotency";

    /// <summary>How long a response is remembered for retries with the same Idempotency-Key.</summary>
    public int RetentionHours { get; set; } = 72;
}

/// <summary>Forgets remembered enrollment responses older than the retention period, hourly. Safe on several instances.</summary>
public sealed partial class IdempotencyKeyPruner(IServiceScopeFactory scopes, Microsoft.Extensions.Options.IOptions<IdempotencyOptions> options, TimeProvider time, ILogger<IdempotencyKeyPruner> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                var removed = await PruneAsync(stoppingToken);
                if (removed > 0) LogPruned(log, removed);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(log, ex.GetType().Name);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> PruneAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CustomerDbContext>();
        var cutoff = time.GetUtcNow().UtcDateTime.AddHours(-options.Value.RetentionHours);
        return await db.IdempotencyKeys.Where(k => k.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Count} idempotency records past their retention")]
    private static partial void LogPruned(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning idempotency records failed ({Error}); retrying next hour")]
    private static partial void LogFailed(ILogger logger, string error);
}
