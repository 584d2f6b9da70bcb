using System.Text.Json;
using CustomerService.Common;
using CustomerService.Features.ReferenceData;
using CustomerService.Features.ServicePoints;

namespace CustomerService.Features.Plans;

/// <summary>
/// Which plans are offered where: ZIP → TDSP territory (by ZIP prefix) → plans offered in that territory. Answered
/// from the reference data cache: no database round trip once it is warm (see <see cref="ReferenceDataCache"/> for
/// how it follows imports on every instance). The plans it returns are shared: read them, never change them.
/// </summary>
public sealed class PlanCatalog(ReferenceDataCache cache)
{
    public async Task<Territory?> TerritoryForAsync(Zip zip, CancellationToken ct) =>
        (await cache.CatalogAsync().WaitAsync(ct)).TerritoryFor(zip.Prefix);

    public async Task<List<Plan>> PlansOfferedAtAsync(Zip zip, CancellationToken ct) =>
        (await cache.CatalogAsync().WaitAsync(ct)).ActivePlansAt(zip.Prefix);

    /// <summary>The plans offered at the ZIP as the JSON array of <see cref="PlanResponse"/>s, serialized once per territory and snapshot.</summary>
    public async Task<byte[]> PlansOfferedAtJsonAsync(Zip zip, JsonSerializerOptions json, CancellationToken ct) =>
        (await cache.CatalogAsync().WaitAsync(ct)).ActivePlansJsonAt(zip.Prefix,
            plans => JsonSerializer.SerializeToUtf8Bytes<IReadOnlyList<PlanResponse>>(plans.Select(PlanResponse.From).ToList(), json));

    public async Task<Plan?> FindAsync(long planId, CancellationToken ct) =>
        (await cache.CatalogAsync().WaitAsync(ct)).Plan(planId);

    public async Task<bool> IsOfferedAtAsync(long planId, Zip zip, CancellationToken ct) =>
        (await cache.CatalogAsync().WaitAsync(ct)).IsOffered(planId, zip.Prefix);
}
