using Microsoft.AspNetCore.Http.HttpResults;

namespace CustomerService.Common;

/// <summary>How endpoints answer a use case's <see cref="Outcome{T}"/>: RFC 9457 problems for every refusal.</summary>
public static class OutcomeResults
{
    public static Results<Ok<T>, ValidationProblem, ProblemHttpResult> ToOk<T>(this Outcome<T> outcome) => outcome switch
    {
        Outcome<T>.Done done => TypedResults.Ok(done.Value),
        Outcome<T>.Invalid invalid => Problems.Validation(invalid.Errors),
        Outcome<T>.Refused refused => refused.Why.ToProblem(),
        _ => throw new InvalidOperationException($"Unknown outcome {outcome.GetType().Name}."),
    };

    /// <summary>For a read, which has no request to be invalid.</summary>
    public static Results<Ok<T>, ProblemHttpResult> ToOkOrProblem<T>(this Outcome<T> outcome) => outcome switch
    {
        Outcome<T>.Done done => TypedResults.Ok(done.Value),
        Outcome<T>.Refused refused => refused.Why.ToProblem(),
        _ => throw new InvalidOperationException($"A read answered {outcome.GetType().Name}."),
    };

    public static Results<Created<T>, ValidationProblem, ProblemHttpResult> ToCreated<T>(this Outcome<T> outcome, Func<T, string> location) => outcome switch
    {
        Outcome<T>.Done done => TypedResults.Created(location(done.Value), done.Value),
        Outcome<T>.Invalid invalid => Problems.Validation(invalid.Errors),
        Outcome<T>.Refused refused => refused.Why.ToProblem(),
        _ => throw new InvalidOperationException($"Unknown outcome {outcome.GetType().Name}."),
    };

    public static ProblemHttpResult ToProblem(this Refusal refusal) => TypedResults.Problem(
        refusal.Detail,
        statusCode: refusal.Kind switch
        {
            RefusalKind.NotFound => StatusCodes.Status404NotFound,
            RefusalKind.Forbidden => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status409Conflict,
        },
        title: refusal.Title,
        extensions: refusal.Extensions);
}
