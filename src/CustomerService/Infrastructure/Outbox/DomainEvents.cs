namespace CustomerService.Infrastructure.Outbox;

/// <summary>
/// The payload of an event. Its name (the CloudEvents type after the prefix) is its type's name without the
/// "Event" suffix: ContractCancelledEvent → ContractCancelled. Each feature keeps its events in one catalogue file
/// (Features/Contracts/ContractEvents.cs, …), so no call site spells an event name.
/// </summary>
public interface IDomainEvent;

public static class DomainEventName
{
    public static string Of(IDomainEvent data) => Of(data.GetType());

    public static string Of(Type type) => type.Name.EndsWith("Event", StringComparison.Ordinal) && type.Name.Length > 5
        ? type.Name[..^5]
        : throw new InvalidOperationException($"{type.Name} is an event payload; its name must end with 'Event'.");
}

/// <summary>
/// An event recorded by an entity or a use case, in the order it was recorded. The stream (the customer whose
/// events it belongs to) and the payload are read when the change is saved, so they may name ids the database
/// assigns in that same save.
/// </summary>
public sealed class RecordedEvent(Func<long> stream, Func<IDomainEvent> data)
{
    private static long s_recorded;

    public long Order { get; } = Interlocked.Increment(ref s_recorded);

    public long Stream => stream();

    public IDomainEvent Data => data();
}

/// <summary>
/// An aggregate whose state changes record their own events (customer lifecycle, contract, account with its
/// parties). The commit (<see cref="Data.CustomerDbContext.SaveChangesAsync(bool, CancellationToken)"/>) turns them
/// into outbox rows in the transaction that saves the change.
/// </summary>
public abstract class EventRecordingEntity
{
    private List<RecordedEvent>? _recorded;

    /// <summary>The customer whose event stream this entity's events belong to.</summary>
    protected abstract long EventStream { get; }

    protected void Record(Func<IDomainEvent> data) => Record(() => EventStream, data);

    /// <summary>An event that belongs to another customer's stream than the entity's own (e.g. the party added to an account).</summary>
    protected void Record(Func<long> stream, Func<IDomainEvent> data) => (_recorded ??= []).Add(new RecordedEvent(stream, data));

    internal bool HasRecordedEvents => _recorded is { Count: > 0 };

    internal IReadOnlyList<RecordedEvent> TakeRecordedEvents()
    {
        var recorded = (IReadOnlyList<RecordedEvent>?)_recorded ?? [];
        _recorded = null;
        return recorded;
    }
}
