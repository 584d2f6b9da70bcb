using CustomerService.Infrastructure.Auth;

namespace CustomerService.Tests.Auth;

/// <summary>An acting customer left to the use case's statement (FindsCustomerInStatement) has no id to read yet.</summary>
public sealed class ActingCustomerTests
{
    private static readonly CurrentUser Customer = new("kc-ann", "ann@example.com", true, new HashSet<string> { "customer" });

    [Fact]
    public void ItsIdCannotBeReadBeforeTheLookUpButItStillPrintsWithoutTheUsersClaims()
    {
        // The links (and their database) are used only by ResolveAsync.
        var unresolved = ActingCustomer.FoundByStatement(Customer, new CustomerLinks(null!, TimeProvider.System));

        Assert.False(unresolved.IsResolved);
        Assert.Equal("kc-ann", unresolved.Subject);
        Assert.Throws<InvalidOperationException>(() => unresolved.CustomerId);
        Assert.Equal("ActingCustomer { CustomerId = (found by the statement), IsStaff = False }", unresolved.ToString());
        Assert.Equal("ActingCustomer { CustomerId = 42, IsStaff = False }", new ActingCustomer(42, Customer).ToString());
        Assert.DoesNotContain("ann@example.com", new ActingCustomer(42, Customer).ToString(), StringComparison.Ordinal);
    }
}
