using CustomerService.Features.Enrollment;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerService.Portal.Enrollment;

/// <summary>
/// What a visitor has entered in the portal's Start service steps so far. Kept in the database (not in memory or
/// in a cookie), so it survives refreshes, a restart and a load balancer sending the next step to another instance.
/// </summary>
public sealed record EnrollmentDraft
{
    /// <summary>The answers, in the API's own request shape: the last step submits exactly this.</summary>
    public EnrollmentRequest Request { get; init; } = new();

    /// <summary>The highest step whose answers passed validation; the visitor may go at most one step beyond it.</summary>
    public int CompletedStep { get; init; }

    /// <summary>Sent with the submission, so a double click or a resubmitted form cannot enroll twice.</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>The enrollment once submitted: every step then leads to the confirmation page.</summary>
    public EnrollmentResponse? Submitted { get; init; }
}

/// <summary>A stored draft: its key is the SHA-256 of the visitor's cookie token, its answers are encrypted (they hold PII).</summary>
public sealed class EnrollmentDraftRow
{
    public required string Id { get; init; }
    public required string Payload { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
}

internal sealed class EnrollmentDraftRowConfiguration : IEntityTypeConfiguration<EnrollmentDraftRow>
{
    public void Configure(EntityTypeBuilder<EnrollmentDraftRow> b)
    {
        b.ToTable("enrollment_drafts");
        b.HasKey(d => d.Id);
        b.Property(d => d.Id).HasMaxLength(64);
        b.HasIndex(d => d.ExpiresAt);
    }
}
