namespace CustomerService.Features.Enrollment;

/// <summary>customer-service.md's Enrollment Response.</summary>
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
    string EnrollmentType = EnrollmentTypes.Switch);

public sealed record EnrollmentContract(string ContractNumber, DateOnly StartDate, DateOnly EndDate, string Status);

public sealed record EnrolledMeter(long MeterId, string MeterNumber);
