using CustomerService.Infrastructure.Outbox;

namespace CustomerService.Features.Customers;

/// <summary>
/// A residential (individual) or business customer. Status changes only through <see cref="MoveTo"/>; contact changes,
/// lifecycle moves and erasure record their own events, in the customer's own stream.
/// </summary>
public sealed class Customer : EventRecordingEntity
{
    private Customer() { }

    protected override long EventStream => Id;

    public long Id { get; private set; }
    /// <summary>individual or business.</summary>
    public string Type { get; private set; } = null!;
    public string? FirstName { get; private set; }
    public string? LastName { get; private set; }
    public string? BusinessName { get; private set; }
    public string? BusinessType { get; private set; }
    /// <summary>The EIN, encrypted with ASP.NET Core Data Protection; never stored in clear.</summary>
    public string? TaxIdProtected { get; private set; }
    /// <summary>Display name: first and last name, or the business name.</summary>
    public string Name { get; private set; } = null!;
    public string Email { get; private set; } = null!;
    public string Phone { get; private set; } = null!;
    public string? ContactFirstName { get; private set; }
    public string? ContactLastName { get; private set; }
    public string? ContactTitle { get; private set; }
    public string? ContactEmail { get; private set; }
    public string? ContactPhone { get; private set; }
    public string Status { get; private set; } = null!;
    /// <summary>The OIDC subject linked to this customer, once they sign in.</summary>
    public string? Subject { get; private set; }
    /// <summary>The last per-customer event sequence number handed out; advanced only by the outbox writer in SQL.</summary>
    public long LastEventSequence { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public static Customer CreateIndividual(string firstName, string lastName, string email, string phone, DateTime now) => new()
    {
        Type = CustomerTypes.Individual,
        FirstName = firstName,
        LastName = lastName,
        Name = $"{firstName} {lastName}",
        Email = email,
        Phone = phone,
        Status = CustomerLifecycle.Onboarding,
        CreatedAt = now,
        UpdatedAt = now,
    };

    public static Customer CreateBusiness(
        string businessName, string businessType, string taxIdProtected, string email, string phone,
        BusinessContact contact, DateTime now) => new()
        {
            Type = CustomerTypes.Business,
            BusinessName = businessName,
            BusinessType = businessType,
            TaxIdProtected = taxIdProtected,
            Name = businessName,
            Email = email,
            Phone = phone,
            ContactFirstName = contact.FirstName,
            ContactLastName = contact.LastName,
            ContactTitle = contact.Title,
            ContactEmail = contact.Email,
            ContactPhone = contact.Phone,
            Status = CustomerLifecycle.Onboarding,
            CreatedAt = now,
            UpdatedAt = now,
        };

    /// <summary>Applies contact changes; returns the old and new values of what actually changed.</summary>
    public (Dictionary<string, string?> Before, Dictionary<string, string?> After) UpdateContact(ContactChange change, DateTime now)
    {
        var before = new Dictionary<string, string?>(StringComparer.Ordinal);
        var after = new Dictionary<string, string?>(StringComparer.Ordinal);
        void Set(string field, string? current, string? value, Action<string?> apply)
        {
            if (value is null || value == current) return;
            before[field] = current;
            after[field] = value;
            apply(value);
        }
        Set("firstName", FirstName, change.FirstName, v => FirstName = v);
        Set("lastName", LastName, change.LastName, v => LastName = v);
        Set("businessName", BusinessName, change.BusinessName, v => BusinessName = v);
        Set("email", Email, change.Email, v => Email = v!);
        Set("phone", Phone, change.Phone, v => Phone = v!);
        if (change.Contact is { } contact)
        {
            Set("primaryContact.firstName", ContactFirstName, contact.FirstName, v => ContactFirstName = v);
            Set("primaryContact.lastName", ContactLastName, contact.LastName, v => ContactLastName = v);
            Set("primaryContact.title", ContactTitle, contact.Title, v => ContactTitle = v);
            Set("primaryContact.email", ContactEmail, contact.Email, v => ContactEmail = v);
            Set("primaryContact.phone", ContactPhone, contact.Phone, v => ContactPhone = v);
        }
        if (after.Count > 0)
        {
            Name = Type == CustomerTypes.Business ? BusinessName! : $"{FirstName} {LastName}";
            UpdatedAt = now;
            Record(() => new CustomerUpdatedEvent(Id, after.Keys.ToList(), after, now));
        }
        return (before, after);
    }

    /// <summary>
    /// GDPR erasure: personal fields become tombstones, the sign-in link is cut and the customer is closed, from
    /// whatever status. The row stays, so contracts, bills and payments keep their customer.
    /// </summary>
    public StatusChange Erase(DateTime now)
    {
        var change = new StatusChange(Status, CustomerLifecycle.Closed);
        const string tombstone = "[erased]";
        FirstName = Type == CustomerTypes.Individual ? tombstone : null;
        LastName = Type == CustomerTypes.Individual ? tombstone : null;
        BusinessName = Type == CustomerTypes.Business ? tombstone : null;
        Name = tombstone;
        Email = $"erased-{Id}@erased.invalid";
        Phone = "(000) 000-0000";
        TaxIdProtected = null;
        ContactFirstName = ContactLastName = ContactTitle = ContactEmail = ContactPhone = null;
        Subject = null;
        Status = CustomerLifecycle.Closed;
        UpdatedAt = now;
        Record(() => new CustomerStatusChangedEvent(Id, change.From, change.To, "Erased on request (GDPR)", now));
        Record(() => new CustomerErasedEvent(Id, now, change.From));
        return change;
    }

    public bool IsErased => Email.EndsWith("@erased.invalid", StringComparison.Ordinal);

    /// <summary>Moves the customer along the lifecycle. Callers check <see cref="CustomerLifecycle.CanMove"/> first; an invalid move here is a bug.</summary>
    public StatusChange MoveTo(string status, string reason, DateTime now)
    {
        if (!CustomerLifecycle.CanMove(Status, status))
            throw new InvalidOperationException($"A customer cannot move from {Status} to {status}.");
        var change = new StatusChange(Status, status);
        Status = status;
        UpdatedAt = now;
        Record(() => new CustomerStatusChangedEvent(Id, change.From, change.To, reason, now));
        return change;
    }
}

public sealed record BusinessContact(string FirstName, string LastName, string? Title, string? Email, string? Phone);

public sealed record StatusChange(string From, string To);

/// <summary>Validated contact details; null fields are left as they are.</summary>
public sealed record ContactChange(string? FirstName, string? LastName, string? BusinessName, string Email, string Phone, BusinessContact? Contact);

public static class CustomerTypes
{
    public const string Individual = "individual";
    public const string Business = "business";
}
