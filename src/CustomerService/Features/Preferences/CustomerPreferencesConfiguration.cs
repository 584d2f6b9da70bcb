using CustomerService.Features.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerService.Features.Preferences;

internal sealed class CustomerPreferencesConfiguration : IEntityTypeConfiguration<CustomerPreferences>
{
    public void Configure(EntityTypeBuilder<CustomerPreferences> b)
    {
        b.ToTable("customer_preferences");
        b.HasKey(p => p.CustomerId);
        b.Property(p => p.CustomerId).ValueGeneratedNever();
        b.Property(p => p.BillDelivery).HasMaxLength(10);
        b.Property(p => p.AutoPayPaymentMethodId).HasMaxLength(100);
        b.Property(p => p.MailingStreet).HasMaxLength(200);
        b.Property(p => p.MailingUnit).HasMaxLength(50);
        b.Property(p => p.MailingCity).HasMaxLength(100);
        b.Property(p => p.MailingState).HasMaxLength(2);
        b.Property(p => p.MailingZip).HasMaxLength(10);
        b.HasOne<Customer>().WithOne().HasForeignKey<CustomerPreferences>(p => p.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
