using CustomerService.Features.Accounts;
using CustomerService.Features.Contracts;
using CustomerService.Features.Customers;
using CustomerService.Features.Premises;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerService.Features.Enrollment;

/// <summary>The record of one submitted enrollment and what it created.</summary>
public sealed class EnrollmentRecord
{
    public long Id { get; init; }
    public required string ConfirmationNumber { get; init; }
    public long CustomerId { get; init; }
    public long AccountId { get; init; }
    public long PremiseId { get; init; }
    public long ContractId { get; init; }
    public required string CustomerType { get; init; }
    /// <summary>switch or moveIn (<see cref="EnrollmentTypes"/>).</summary>
    public required string EnrollmentType { get; init; }
    /// <summary>A move-in whose customer attested proof of occupancy (what lets a move-in proceed under a switch hold).</summary>
    public bool ProofOfOccupancy { get; init; }
    public long PlanId { get; init; }
    public DateOnly ServiceStartDate { get; init; }
    public required string Status { get; set; }
    public DateTime SubmittedAt { get; init; }
    public DateTime? CompletedAt { get; set; }
    /// <summary>When the customer rescinded the enrollment (<see cref="RescindEnrollment"/>); the status is then rescinded.</summary>
    public DateTime? RescindedAt { get; set; }
}

/// <summary>The first response to a POST /api/enrollment carrying an Idempotency-Key, replayed for a retry with the same body.</summary>
public sealed class IdempotencyRecord
{
    public required string Key { get; init; }
    public required string RequestHash { get; init; }
    public int StatusCode { get; set; }
    public string? ResponseBody { get; set; }
    public DateTime CreatedAt { get; init; }
}

internal sealed class EnrollmentRecordConfiguration : IEntityTypeConfiguration<EnrollmentRecord>
{
    public void Configure(EntityTypeBuilder<EnrollmentRecord> b)
    {
        b.ToTable("enrollments");
        b.HasKey(e => e.Id);
        b.Property(e => e.ConfirmationNumber).HasMaxLength(30);
        b.Property(e => e.CustomerType).HasMaxLength(20);
        b.Property(e => e.EnrollmentType).HasMaxLength(10);
        b.Property(e => e.Status).HasMaxLength(20);
        b.HasIndex(e => e.ConfirmationNumber).IsUnique();
        b.HasIndex(e => e.CustomerId);
        b.HasOne<Customer>().WithMany().HasForeignKey(e => e.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Account>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Premise>().WithMany().HasForeignKey(e => e.PremiseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Contract>().WithMany().HasForeignKey(e => e.ContractId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.ToTable("idempotency_keys");
        b.HasKey(e => e.Key);
        b.Property(e => e.Key).HasMaxLength(255);
        b.Property(e => e.RequestHash).HasMaxLength(64);
        b.HasIndex(e => e.CreatedAt);
    }
}

public static class EnrollmentStatus
{
    public const string Completed = "completed";
    public const string Rescinded = "rescinded";
}
