using CustomerService.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerService.Features.Premises;

/// <summary>
/// A move-out: service at one premise ends on <see cref="StopDate"/>. Scheduled by the customer (or staff for them),
/// withdrawn before that date, or carried out on it by the lifecycle job (<see cref="StopService.ExecuteDueAsync"/>).
/// </summary>
public sealed class ServiceStop
{
    public long Id { get; init; }
    /// <summary>STP- + base-36 of the request time in ms + 4 random characters, as confirmation numbers are made.</summary>
    public required string Reference { get; init; }
    public long PremiseId { get; init; }
    public long AccountId { get; init; }
    public DateOnly StopDate { get; init; }
    /// <summary>moving (the fee is waived) or other (the cancel rules' fee).</summary>
    public required string Reason { get; init; }
    public string? ForwardingStreet { get; init; }
    public string? ForwardingUnit { get; init; }
    public string? ForwardingCity { get; init; }
    public string? ForwardingState { get; init; }
    public string? ForwardingZip { get; init; }
    public required string Status { get; set; }
    public required string RequestedBy { get; init; }
    public DateTime RequestedAt { get; init; }
    public DateTime? CancelledAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    /// <summary>The enrollment at the new address when the stop is one half of a move.</summary>
    public string? MoveConfirmationNumber { get; init; }
}

public static class ServiceStopStatus
{
    public const string Scheduled = "scheduled";
    public const string Cancelled = "cancelled";
    public const string Completed = "completed";
}

public static class StopReasons
{
    public const string Moving = "moving";
    public const string Other = "other";

    public static readonly IReadOnlyList<string> All = [Moving, Other];
}

internal sealed class ServiceStopConfiguration : IEntityTypeConfiguration<ServiceStop>
{
    public void Configure(EntityTypeBuilder<ServiceStop> b)
    {
        b.ToTable("service_stops");
        b.HasKey(s => s.Id);
        b.Property(s => s.Reference).HasMaxLength(30);
        b.Property(s => s.Reason).HasMaxLength(20);
        b.Property(s => s.ForwardingStreet).HasMaxLength(200);
        b.Property(s => s.ForwardingUnit).HasMaxLength(50);
        b.Property(s => s.ForwardingCity).HasMaxLength(100);
        b.Property(s => s.ForwardingState).HasMaxLength(2);
        b.Property(s => s.ForwardingZip).HasMaxLength(5);
        b.Property(s => s.Status).HasMaxLength(20);
        b.Property(s => s.RequestedBy).HasMaxLength(300);
        b.Property(s => s.MoveConfirmationNumber).HasMaxLength(30);
        b.HasIndex(s => s.MoveConfirmationNumber);
        b.HasIndex(s => s.Reference).IsUnique();
        // At most one scheduled stop per premise, whichever request commits first.
        b.HasIndex(s => s.PremiseId).IsUnique().HasFilter("status = 'scheduled'").HasDatabaseName(Constraints.OneScheduledPerPremise);
        b.HasIndex(s => new { s.Status, s.StopDate });
        b.HasOne<Premise>().WithMany().HasForeignKey(s => s.PremiseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Account>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Restrict);
    }

    public static class Constraints
    {
        public const string OneScheduledPerPremise = "ux_service_stops_scheduled_premise";
    }
}
