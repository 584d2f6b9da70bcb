using CustomerService.Common;
using CustomerService.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerService.Features.Billing;

/// <summary>A bill as the billing system reports it (it owns bills; this service keeps a copy to answer balances).</summary>
public sealed class Bill
{
    public long Id { get; init; }
    public required string BillNumber { get; init; }
    public long AccountId { get; set; }
    public DateOnly IssueDate { get; set; }
    public DateOnly DueDate { get; set; }
    public decimal Amount { get; set; }
    /// <summary>paid, unpaid or overdue.</summary>
    public required string Status { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A payment as the billing system reports it, keyed by the billing system's payment reference.</summary>
public sealed class Payment
{
    public long Id { get; init; }
    public required string Reference { get; init; }
    public long AccountId { get; set; }
    public DateOnly PaymentDate { get; set; }
    public decimal Amount { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public static class BillStatus
{
    public const string Paid = "paid";
    public const string Unpaid = "unpaid";
    public const string Overdue = "overdue";
    public static readonly IReadOnlyList<string> All = [Paid, Unpaid, Overdue];
}

internal sealed class BillConfiguration : IEntityTypeConfiguration<Bill>
{
    public void Configure(EntityTypeBuilder<Bill> b)
    {
        b.ToTable("bills");
        b.HasKey(x => x.Id);
        b.Property(x => x.BillNumber).HasMaxLength(50);
        b.Property(x => x.Amount).HasPrecision(DecimalColumn.Money);
        b.Property(x => x.Status).HasMaxLength(10);
        b.HasIndex(x => x.BillNumber).IsUnique();
        b.HasIndex(x => new { x.AccountId, x.Status, x.DueDate });
        b.HasOne<Account>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> b)
    {
        b.ToTable("payments");
        b.HasKey(x => x.Id);
        b.Property(x => x.Reference).HasMaxLength(50);
        b.Property(x => x.Amount).HasPrecision(DecimalColumn.Money);
        b.HasIndex(x => x.Reference).IsUnique();
        b.HasIndex(x => new { x.AccountId, x.PaymentDate });
        b.HasOne<Account>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
