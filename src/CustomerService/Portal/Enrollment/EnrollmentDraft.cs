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

    /// <summary>The signed-in customer this draft adds service to; null for a visitor enrolling as a new customer.</summary>
    public long? CustomerId { get; init; }

    /// <summary>
    /// The draft as the current session may continue it. A draft begun by a signed-in customer is never shown to
    /// anyone else: a signed-out visitor or another customer starts a new one. A visitor's unsubmitted draft is taken
    /// over when they sign in: their customer type, no contact answers (their record has them), and the first two steps
    /// done (the later ones again too if the customer type changed).
    /// </summary>
    public EnrollmentDraft ContinuedBy(EnrollingCustomer? customer)
    {
        if (CustomerId == customer?.Id) return this;
        var draft = CustomerId is not null || Submitted is not null ? EnrollmentDraftStore.New() : this;
        if (customer is null) return draft;
        return draft with
        {
            CustomerId = customer.Id,
            Request = draft.Request with
            {
                CustomerType = customer.Type,
                FirstName = null, LastName = null, BusinessName = null, BusinessType = null, TaxId = null, Email = null, Phone = null, PrimaryContact = null,
            },
            CompletedStep = draft.Request.CustomerType == customer.Type ? Math.Max(draft.CompletedStep, 2) : 2,
        };
    }
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
