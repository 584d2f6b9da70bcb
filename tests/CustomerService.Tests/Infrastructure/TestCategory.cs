namespace CustomerService.Tests.Infrastructure;

/// <summary>
/// The parts of the suite that need more than the .NET SDK, as the trait "Category" (README, "Running the tests in
/// parts"): <c>dotnet test --filter Category=Postgres</c>, or <c>Category!=Browser&amp;Category!=Postgres&amp;Category!=Broker&amp;Category!=Kafka</c>
/// for the rest. A collection's definition carries the category of the app it shares, so its tests inherit it; a test
/// class in a collection of another category carries its own. Every test has at most one, so the parts add up to the whole.
/// <see cref="TestCategoryTests"/> checks that every test needing one of them has it.
/// </summary>
public static class TestCategory
{
    public const string Trait = "Category";

    /// <summary>Chromium at /usr/bin/chromium driven by Playwright, and the Node OpenID provider in tests/oidc-provider.</summary>
    public const string Browser = "Browser";

    /// <summary>A PostgreSQL server at TEST_POSTGRES.</summary>
    public const string Postgres = "Postgres";

    /// <summary>A RabbitMQ broker at TEST_RABBITMQ (and PostgreSQL, which the broker tests' app runs on).</summary>
    public const string Broker = "Broker";

    /// <summary>
    /// Kafka at the protocol level: librdkafka's mock cluster in the test process (nothing to install) and Node with
    /// tests/kafka-consumer (npm ci) for the consumer written with another client.
    /// </summary>
    public const string Kafka = "Kafka";
}
