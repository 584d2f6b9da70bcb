using Microsoft.AspNetCore.Http.HttpResults;

namespace CustomerService.Common;

/// <summary>RFC 9457 problem results with the titles this service uses, so every error reads the same way.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: title);

    public static ProblemHttpResult Conflict(string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: title, extensions: extensions);

    public static ProblemHttpResult BadRequest(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: title);

    public static ProblemHttpResult Unprocessable(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: title);

    public static ValidationProblem MissingBody()
    {
        var errors = new ValidationErrors();
        errors.AddMissingBody();
        return Validation(errors);
    }

    public const string ValidationTitle = "The request is invalid";

    public const string ValidationDetail = "One or more fields are invalid. Each entry of 'errors' names a field by its JSON path.";

    public static ValidationProblem Validation(ValidationErrors errors, string detail = ValidationDetail) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), detail, title: ValidationTitle);
}
