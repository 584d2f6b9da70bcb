using System.Diagnostics.Metrics;

namespace CustomerService.Features.Enrollment;

/// <summary>Why an enrollment did not enroll anyone: the <c>reason</c> attribute of <c>customer_service.enrollment.refused</c>. A fixed set, never a value that identifies a person.</summary>
public static class EnrollmentRefusals
{
    /// <summary>The request broke an input rule (400 problem with field errors).</summary>
    public const string Validation = "validation";
    /// <summary>The signed-in customer's record is closed.</summary>
    public const string CustomerClosed = "customer_closed";
    /// <summary>A selected meter is already part of another enrollment (checked, or lost to a concurrent claim).</summary>
    public const string MeterUnavailable = "meter_unavailable";
    /// <summary>A new customer's email is already registered.</summary>
    public const string EmailInUse = "email_in_use";
    /// <summary>An Idempotency-Key reused with a different request body.</summary>
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    /// <summary>The service point carries a switch hold: a switch there is refused (a move-in with proof of occupancy is not).</summary>
    public const string SwitchHold = "switch_hold";
    /// <summary>What had to commit with the enrollment was refused (a move's stop at the old premise, e.g. a stop already scheduled).</summary>
    public const string AlongsideRefused = "alongside_refused";
    /// <summary>A retry of an enrollment that already succeeded: answered with the first response, nobody enrolled again.</summary>
    public const string IdempotencyReplay = "idempotency_replay";
}

/// <summary>
/// Counters of <see cref="SubmitEnrollment"/>, on the Meter "CustomerService.Enrollment", so the API and the portal are
/// counted alike. Submitted = succeeded + refused + the requests that failed with an error (answered 500).
/// </summary>
public sealed class EnrollmentMetrics
{
    public const string MeterName = "CustomerService.Enrollment";
    public const string ReasonAttribute = "reason";

    private readonly Counter<long> _submitted;
    private readonly Counter<long> _succeeded;
    private readonly Counter<long> _refused;

    public EnrollmentMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _submitted = meter.CreateCounter<long>("customer_service.enrollment.submitted", "{enrollment}", "Enrollments submitted (API and portal).");
        _succeeded = meter.CreateCounter<long>("customer_service.enrollment.succeeded", "{enrollment}", "Enrollments committed: a customer enrolled onto a plan.");
        _refused = meter.CreateCounter<long>("customer_service.enrollment.refused", "{enrollment}", "Enrollments that enrolled nobody, by reason.");
    }

    public void Submitted() => _submitted.Add(1);

    /// <summary>Counts what became of a submitted enrollment.</summary>
    public void Outcome(EnrollmentOutcome outcome)
    {
        var reason = outcome switch
        {
            EnrollmentOutcome.Enrolled { Replayed: false } => null,
            EnrollmentOutcome.Enrolled { Replayed: true } => EnrollmentRefusals.IdempotencyReplay,
            EnrollmentOutcome.Invalid => EnrollmentRefusals.Validation,
            EnrollmentOutcome.Conflict conflict => conflict.Reason,
            EnrollmentOutcome.KeyReusedWithDifferentBody => EnrollmentRefusals.IdempotencyKeyReused,
            _ => throw new InvalidOperationException($"Unhandled enrollment outcome {outcome.GetType().Name}."),
        };
        if (reason is null) _succeeded.Add(1);
        else _refused.Add(1, new KeyValuePair<string, object?>(ReasonAttribute, reason));
    }
}
