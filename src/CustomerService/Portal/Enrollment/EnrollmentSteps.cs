namespace CustomerService.Portal.Enrollment;

/// <summary>One step of Start service: its name, its address and the request fields (JSON paths) it asks for.</summary>
public sealed record EnrollmentStep(int Number, string Name, string Path, IReadOnlyList<string> Fields)
{
    /// <summary>Whether a validation error keyed by a JSON path (serviceAddress.zip, selectedMeterIds[1]) belongs to this step.</summary>
    public bool Owns(string key) => Fields.Any(f =>
        key == f || key.StartsWith(f + ".", StringComparison.Ordinal) || key.StartsWith(f + "[", StringComparison.Ordinal));
}

/// <summary>The 7 steps of customer-service.md's Enrollment Flow, in order.</summary>
public static class EnrollmentSteps
{
    public const string ConfirmationPath = "/start/confirmation";

    public static readonly IReadOnlyList<EnrollmentStep> All =
    [
        new(1, "Customer type", "/start/customer-type", ["customerType"]),
        new(2, "Contact details", "/start/contact", ["firstName", "lastName", "businessName", "businessType", "taxId", "email", "phone", "primaryContact"]),
        new(3, "Service address", "/start/address", ["serviceAddress", "enrollmentType", "proofOfOccupancy", "serviceStartDate"]),
        new(4, "Plan", "/start/plan", ["selectedPlanId"]),
        new(5, "Meters", "/start/meters", ["selectedMeterIds"]),
        new(6, "Mailing address", "/start/mailing", ["mailingAddress"]),
        new(7, "Review", "/start/review", ["preferences", "acceptedTerms", "$"]),
    ];

    public static EnrollmentStep Get(int number) => All[number - 1];

    /// <summary>The step that asks for the field an error is keyed by (the review step for anything else).</summary>
    public static EnrollmentStep Owning(string key) => All.FirstOrDefault(s => s.Owns(key)) ?? All[^1];
}
