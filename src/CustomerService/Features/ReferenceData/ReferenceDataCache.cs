using System.Collections.Concurrent;
using CustomerService.Features.Plans;
using CustomerService.Features.ServicePoints;
using CustomerService.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CustomerService.Features.ReferenceData;

/// <summary>
/// The territories and plans (a few hundred rows: held whole, as one <see cref="PlanCatalogSnapshot"/>) and the
/// service points looked up by address (a bounded number of the most recently used, the table being large), kept in
/// process because they change only when reference data is imported.
/// <para>
/// Invalidation: whoever changes reference data does it through <see cref="ReferenceDataChanges"/>, which empties this
/// cache after its commit, on this instance at once, and on PostgreSQL NOTIFYs every instance in the same transaction
/// (<see cref="ReferenceDataListener"/> empties theirs when it is delivered, and on every (re)connect, since a
/// notification sent while not listening is lost). A safety net bounds what a missed notification (or a change made
/// behind the service's back) can cost: nothing is served that was read more than <see cref="ReferenceDataOptions.CacheSeconds"/> ago.
/// </para>
/// <para>
/// A read that began before an invalidation is not kept after it (a generation number, compared under the lock that
/// invalidation takes), so a reader that raced an import cannot put the old rows back.
/// </para>
/// </summary>
public sealed class ReferenceDataCache(IServiceScopeFactory scopes, IOptions<ReferenceDataOptions> options, TimeProvider time) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly MemoryCache _servicePoints = new(new MemoryCacheOptions { SizeLimit = options.Value.ServicePointCacheEntries });
    private long _generation;
    private Task<PlanCatalogSnapshot>? _catalog;

    private TimeSpan MaxAge => TimeSpan.FromSeconds(options.Value.CacheSeconds);

    /// <summary>The territories and plans, read in one go when not cached (or older than the safety net allows).</summary>
    public Task<PlanCatalogSnapshot> CatalogAsync()
    {
        lock (_gate)
        {
            if (_catalog is { } loading && (!loading.IsCompleted || (loading.IsCompletedSuccessfully && time.GetElapsedTime(loading.Result.ReadAt) < MaxAge)))
                return loading;
            // Read on a scope of its own, so a request that gives up cannot cancel or dispose what others wait for.
            return _catalog = Task.Run(LoadCatalogAsync);
        }
    }

    /// <summary>The service point with this address key (null when there is none), read when not cached.</summary>
    public async Task<ServicePoint?> ServicePointAsync(string addressKey, Func<Task<ServicePoint?>> read)
    {
        if (_servicePoints.TryGetValue(addressKey, out CachedPoint? cached) && time.GetElapsedTime(cached!.ReadAt) < MaxAge)
            return cached.Point;
        long generation;
        lock (_gate) generation = _generation;
        var readAt = time.GetTimestamp();
        var point = await read();
        lock (_gate)
        {
            if (generation == _generation)
                _servicePoints.Set(addressKey, new CachedPoint(point, readAt), new MemoryCacheEntryOptions { Size = 1 });
        }
        return point;
    }

    /// <summary>Forgets everything: the next request reads what the database holds now.</summary>
    public void Invalidate()
    {
        lock (_gate)
        {
            _generation++;
            _catalog = null;
            _servicePoints.Clear();
        }
    }

    public void Dispose() => _servicePoints.Dispose();

    private async Task<PlanCatalogSnapshot> LoadCatalogAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CustomerDbContext>();
        var readAt = time.GetTimestamp();
        var territories = await db.Territories.AsNoTracking().ToListAsync();
        var prefixes = await db.TerritoryZipPrefixes.AsNoTracking().ToListAsync();
        var plans = await db.Plans.AsNoTracking().OrderBy(p => p.Id).ToListAsync();
        var offered = await db.PlanTerritories.AsNoTracking().ToListAsync();
        return new PlanCatalogSnapshot(territories, prefixes, plans, offered, readAt);
    }

    private sealed record CachedPoint(ServicePoint? Point, long ReadAt);
}

/// <summary>The territories and plans as read at one moment: ZIP prefix → territory → plans offered there.</summary>
public sealed class PlanCatalogSnapshot
{
    private readonly Dictionary<string, Territory> _territoryByPrefix;
    private readonly Dictionary<long, Plan> _plans;
    private readonly Dictionary<string, List<Plan>> _activePlansByTerritory;
    private readonly HashSet<(long PlanId, string Territory)> _offered;

    public PlanCatalogSnapshot(List<Territory> territories, List<TerritoryZipPrefix> prefixes, List<Plan> plans, List<PlanTerritory> offered, long readAt)
    {
        var byCode = territories.ToDictionary(t => t.Code, StringComparer.Ordinal);
        _territoryByPrefix = prefixes.Where(p => byCode.ContainsKey(p.TerritoryCode)).ToDictionary(p => p.Prefix, p => byCode[p.TerritoryCode], StringComparer.Ordinal);
        _plans = plans.ToDictionary(p => p.Id);
        _offered = offered.Select(o => (o.PlanId, o.TerritoryCode)).ToHashSet();
        _activePlansByTerritory = offered.Where(o => _plans.TryGetValue(o.PlanId, out var plan) && plan.IsActive)
            .GroupBy(o => o.TerritoryCode, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(o => _plans[o.PlanId]).OrderBy(p => p.Id).ToList(), StringComparer.Ordinal);
        ReadAt = readAt;
    }

    /// <summary>When it was read (a <see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long ReadAt { get; }

    public Territory? TerritoryFor(string zipPrefix) => _territoryByPrefix.GetValueOrDefault(zipPrefix);

    /// <summary>The active plans offered in the ZIP prefix's territory, by id.</summary>
    public List<Plan> ActivePlansAt(string zipPrefix) =>
        TerritoryFor(zipPrefix) is { } territory && _activePlansByTerritory.TryGetValue(territory.Code, out var plans) ? [.. plans] : [];

    public Plan? Plan(long planId) => _plans.GetValueOrDefault(planId);

    /// <summary>
    /// The active plans offered at the ZIP prefix, as the JSON array <paramref name="serialize"/> makes of them, made once
    /// per territory and kept with this snapshot: an import replaces the snapshot, and its JSON with it, so it is never
    /// served after the rows it was made from.
    /// </summary>
    public byte[] ActivePlansJsonAt(string zipPrefix, Func<List<Plan>, byte[]> serialize) =>
        _plansJson.GetOrAdd(TerritoryFor(zipPrefix)?.Code ?? "", (_, prefix) => serialize(ActivePlansAt(prefix)), zipPrefix);

    private readonly ConcurrentDictionary<string, byte[]> _plansJson = new(StringComparer.Ordinal);

    public bool IsOffered(long planId, string zipPrefix) => TerritoryFor(zipPrefix) is { } territory && _offered.Contains((planId, territory.Code));
}
