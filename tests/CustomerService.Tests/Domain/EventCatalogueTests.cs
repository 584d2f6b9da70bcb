using System.Text.RegularExpressions;
using CustomerService.Infrastructure.Outbox;

namespace CustomerService.Tests.Domain;

/// <summary>The events the service can record: named by their payload types, each in the README's catalogue.</summary>
public sealed partial class EventCatalogueTests
{
    private static readonly IReadOnlyList<Type> Payloads = typeof(IDomainEvent).Assembly.GetTypes()
        .Where(t => typeof(IDomainEvent).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface).ToList();

    [Fact]
    public void EveryPayloadIsNamedByItsTypeAndNoTwoShareAName()
    {
        Assert.True(Payloads.Count >= 25, $"only {Payloads.Count} event payloads found");
        var names = Payloads.Select(DomainEventName.Of).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(Payloads, t => Assert.StartsWith("CustomerService.Features.", t.FullName, StringComparison.Ordinal));
        Assert.Throws<InvalidOperationException>(() => DomainEventName.Of(typeof(string)));
    }

    [Fact]
    public void TheReadmeCataloguesEveryEventAndNoOther()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var section = readme[readme.IndexOf("| events | stream (`subject`) | catalogue |", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n\n", StringComparison.Ordinal)];
        var listed = section.Split('\n').Skip(2).SelectMany(row => EventName().Matches(row.Split('|')[1]).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(Payloads.Select(DomainEventName.Of).Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CustomerService.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The repository root (CustomerService.sln) was not found.");
    }

    [GeneratedRegex("`([A-Za-z]+)`")]
    private static partial Regex EventName();
}
