using CustomerService.Infrastructure.Outbox.RabbitMq;
using CustomerService.Tests.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CustomerService.Tests.Events;

/// <summary>What the RabbitMQ readiness check makes of the relay's connection: no broker needed.</summary>
public sealed class RabbitMqHealthTests
{
    private static readonly DateTimeOffset Now = TestClock.Default;

    [Fact]
    public void ConnectedOrNotNeededYetIsHealthyAndABrokerAwayIsDegradedNotUnhealthy()
    {
        Assert.Equal((HealthStatus.Healthy, "RabbitMQ: connected."), Result(RabbitMqConnectionState.Connected));
        Assert.Equal((HealthStatus.Healthy, "RabbitMQ: not connected yet; the relay connects when an event is to be published."), Result(RabbitMqConnectionState.NotYetNeeded));
        Assert.Equal((HealthStatus.Degraded, "RabbitMQ: unreachable for 42 s; events wait in the outbox."),
            Result(new RabbitMqConnectionState(RabbitMqConnectionStatus.Down, Now.AddSeconds(-42))));
        Assert.Equal((HealthStatus.Degraded, "RabbitMQ: connection lost, recovering; events wait in the outbox."),
            Result(new RabbitMqConnectionState(RabbitMqConnectionStatus.Down)));
    }

    private static (HealthStatus, string?) Result(RabbitMqConnectionState state)
    {
        var result = RabbitMqHealthCheck.Assess(state, Now);
        return (result.Status, result.Description);
    }
}
