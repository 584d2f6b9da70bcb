using System.Collections.Concurrent;
using CustomerService.Infrastructure.Outbox;

namespace CustomerService.Tests.Events;

/// <summary>
/// A transport that records what it was given, can be told to fail, and notices when one customer's events
/// are published by two relays at the same time.
/// </summary>
public sealed class RecordingPublisher : IEventPublisher
{
    private readonly ConcurrentDictionary<string, byte> _subjectsInFlight = new();

    public ConcurrentQueue<CloudEvent> Published { get; } = new();
    public ConcurrentQueue<string> Violations { get; } = new();
    public Func<CloudEvent, Exception?> Fail { get; set; } = _ => null;
    public TimeSpan Delay { get; set; }

    public async Task PublishAsync(IReadOnlyList<CloudEvent> events, CancellationToken ct)
    {
        var subjects = events.Select(e => e.Subject).Distinct().ToList();
        var entered = new List<string>();
        foreach (var subject in subjects)
        {
            if (_subjectsInFlight.TryAdd(subject, 0)) entered.Add(subject);
            else Violations.Enqueue($"subject {subject} published by two relays at once");
        }
        try
        {
            foreach (var e in events)
            {
                if (Fail(e) is { } failure) throw failure;
                if (Delay > TimeSpan.Zero) await Task.Delay(Delay, ct);
                Published.Enqueue(e);
            }
        }
        finally
        {
            foreach (var subject in entered) _subjectsInFlight.TryRemove(subject, out _);
        }
    }

    public List<long> SequencesOf(string subject) => Published.Where(e => e.Subject == subject).Select(e => e.Sequence).ToList();
}
