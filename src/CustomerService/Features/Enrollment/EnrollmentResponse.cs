namespace CustomerService.Features.Enrollment;

/// <summary>
/// customer-service.md's Enrollment Response, plus the enrollment type and, for a residential switch, the last day
/// it may be rescinded without penalty (<see cref="RightOfRescission"/>).
/// </summary>
public sealed record EnrollmentResponse(
    bool Success,
    string ConfirmationNumber,
    long CustomerId,
    long ContractId,
    EnrollmentContract Contract,
    long AccountId,
    string AccountNumber,
    IReadOnlyList<EnrolledMeter> EnrolledMeters,
    DateTime SubmittedAt,
    IReadOnlyList<string> NextSteps,
    string EnrollmentType = EnrollmentTypes.Switch,
    DateOnly? RescindableUntil = null);

public sealed record EnrollmentContract(string ContractNumber, DateOnly StartDate, DateOnly EndDate, string Status);

public sealed record EnrolledMeter(long MeterId, string MeterNumber);
