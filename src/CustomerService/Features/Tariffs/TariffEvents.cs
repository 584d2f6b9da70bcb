using CustomerService.Infrastructure.Outbox;

namespace CustomerService.Features.Tariffs;

public sealed record CustomerTariffChangedEvent(long CustomerId, DateOnly PeriodStart, int DiscountRateBasisPoints, decimal ComputedUnitRate, decimal ComputedStandingCharge, long BenchmarkTariffId, string Reason) : IDomainEvent;
