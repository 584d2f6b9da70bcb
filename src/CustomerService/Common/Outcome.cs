namespace CustomerService.Common;

/// <summary>
/// What a use case answers: its value, or why not, in words a customer can act on. Endpoints map it to HTTP
/// (<see cref="OutcomeResults"/>), page models to views and form errors; neither reads the other's results.
/// </summary>
public abstract record Outcome<T>
{
    private Outcome()
    {
    }

    public sealed record Done(T Value) : Outcome<T>;

    /// <summary>The request broke the rules: each error under the JSON path of its field.</summary>
    public sealed record Invalid(ValidationErrors Errors) : Outcome<T>;

    public sealed record Refused(Refusal Why) : Outcome<T>;

    public static implicit operator Outcome<T>(T value) => new Done(value);

    public static implicit operator Outcome<T>(ValidationErrors errors) => new Invalid(errors);

    public static implicit operator Outcome<T>(Refusal refusal) => new Refused(refusal);

    /// <summary>The same outcome, its value (if done) turned into another.</summary>
    public Outcome<TResult> Map<TResult>(Func<T, TResult> map) => this switch
    {
        Done done => map(done.Value),
        Invalid invalid => invalid.Errors,
        Refused refused => refused.Why,
        _ => throw new InvalidOperationException($"Unknown outcome {GetType().Name}."),
    };
}

public enum RefusalKind
{
    /// <summary>There is no such resource, or it is not the customer's (the two are not told apart).</summary>
    NotFound,

    /// <summary>The customer sees the resource, but their role on it does not allow this.</summary>
    Forbidden,

    /// <summary>The resource's state does not allow this now (already cancelled, taken by another request…).</summary>
    Conflict,
}

/// <summary>Why a use case would not do what was asked: a title, and a detail that says what to do instead.</summary>
public sealed record Refusal(RefusalKind Kind, string Title, string Detail, IDictionary<string, object?>? Extensions = null)
{
    public static Refusal NotFound(string title, string detail) => new(RefusalKind.NotFound, title, detail);

    public static Refusal Forbidden(string detail) => new(RefusalKind.Forbidden, "Not allowed", detail);

    public static Refusal Conflict(string title, string detail, IDictionary<string, object?>? extensions = null) =>
        new(RefusalKind.Conflict, title, detail, extensions);
}
