using System.Text.Json;
using System.Text.Json.Serialization;
using CustomerService.Common;
using CustomerService.Features.Accounts;
using CustomerService.Features.Enrollment;
using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Outbox;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.Customers;

/// <summary>customer-service.md's Customer Response and Business Customer Response.</summary>
public sealed record CustomerResponse(
    long CustomerId,
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FirstName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LastName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BusinessName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BusinessType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TaxId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PrimaryContactResponse? PrimaryContact,
    string Email,
    string Phone,
    string Status,
    DateTime CreatedAt,
    IReadOnlyList<CustomerAccountResponse> Accounts);

public sealed record PrimaryContactResponse(string? FirstName, string? LastName, string? Title, string? Email, string? Phone);

public sealed record CustomerAccountResponse(long AccountId, string AccountNumber, string? Nickname, string Status, IReadOnlyList<string> Roles);

/// <summary>PUT /api/customer: the contact details a customer may change. Individual: names; business: business name and contact.</summary>
public sealed record UpdateCustomerRequest
{
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? BusinessName { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public PrimaryContactInput? PrimaryContact { get; init; }
}

/// <summary>A customer's own contact details: read them, change them with the same rules wherever the change comes from.</summary>
public static class CustomerProfile
{
    /// <summary>The acting customer's record; null only if it was deleted since the request began.</summary>
    public static async Task<Outcome<CustomerResponse>> GetAsync(ActingCustomer acting, CustomerDbContext db, IDataProtectionProvider protection, CancellationToken ct)
    {
        // One statement, the signed-in customer's lookup included.
        var read = await acting.ReadAsync((customer, ct) => ProfileAsync(customer.Records(db), db, ct), row => row is null, ct);
        if (read.NotLinked is { } notLinked) return notLinked;
        return read.Value is { } row ? Response(row, protection) : Deleted;
    }

    public static async Task<Outcome<CustomerResponse>> UpdateAsync(
        UpdateCustomerRequest? request, ActingCustomer acting, CustomerDbContext db, IDataProtectionProvider protection,
        TimeProvider time, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (request is null)
        {
            errors.AddMissingBody();
            return errors;
        }
        var customer = await db.Customers.FirstAsync(c => c.Id == acting.CustomerId, ct);
        var change = Validate(request, customer, errors);
        if (!errors.IsEmpty) return errors;

        if (change.Email != customer.Email && await db.Customers.AnyAsync(c => c.Email == change.Email && c.Id != customer.Id, ct))
            return EmailInUse;

        if (!Apply(db, customer, change, acting.Actor, time.GetUtcNow().UtcDateTime)) return await ResponseAsync(db, customer.Id, protection, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex, CustomerConfiguration.Constraints.CustomerEmail))
        {
            return EmailInUse;
        }
        return await ResponseAsync(db, customer.Id, protection, ct);
    }

    /// <summary>
    /// The contact rules, the same for the customer, the portal and staff in the back office: each failure under the
    /// request's JSON path; null fields are left as they are.
    /// </summary>
    public static ContactChange Validate(UpdateCustomerRequest r, Customer customer, ValidationErrors errors)
    {
        if (customer.Type == CustomerTypes.Individual)
        {
            if (r.FirstName is not null) Text.Required(r.FirstName, "firstName", "First name", 100, errors);
            if (r.LastName is not null) Text.Required(r.LastName, "lastName", "Last name", 100, errors);
            if (r.BusinessName is not null) errors.Add("businessName", "A residential customer has no business name.");
        }
        else
        {
            if (r.BusinessName is not null) Text.Required(r.BusinessName, "businessName", "Legal business name", 200, errors);
            if (r.FirstName is not null || r.LastName is not null)
                errors.Add(r.FirstName is not null ? "firstName" : "lastName", "A business changes its contact person through primaryContact.");
        }
        var email = customer.Email;
        if (r.Email is not null)
        {
            if (Common.Email.TryParse(r.Email, out var parsed)) email = parsed.Value;
            else errors.Add("email", "Enter an email address like name@example.com.");
        }
        var phone = customer.Phone;
        if (r.Phone is not null)
        {
            if (PhoneNumber.TryParse(r.Phone, out var parsed)) phone = parsed.Formatted;
            else errors.Add("phone", "A US phone number has 10 digits, e.g. (555) 123-4567.");
        }
        BusinessContact? contact = null;
        if (r.PrimaryContact is not null)
        {
            if (customer.Type != CustomerTypes.Business) errors.Add("primaryContact", "Only a business has a primary contact.");
            else contact = EnrollmentValidator.ValidateContact(r.PrimaryContact, errors);
        }
        return new ContactChange(Text.Clean(r.FirstName), Text.Clean(r.LastName), Text.Clean(r.BusinessName), email, phone, contact);
    }

    /// <summary>Applies a validated change (the customer records CustomerUpdated) and logs who changed what; false when nothing changed.</summary>
    public static bool Apply(CustomerDbContext db, Customer customer, ContactChange change, string actor, DateTime now)
    {
        var (before, after) = customer.UpdateContact(change, now);
        if (after.Count == 0) return false;
        db.LogChange(customer.Id, "profile", actor, now, before, after);
        return true;
    }

    /// <summary>The customer's profile as saved (after a change, or none), in one statement.</summary>
    private static async Task<CustomerResponse> ResponseAsync(CustomerDbContext db, long customerId, IDataProtectionProvider protection, CancellationToken ct) =>
        Response((await ProfileAsync(db.Customers.Where(c => c.Id == customerId), db, ct))!, protection);

    /// <summary>One of the customer's roles on an account, as the profile lists them (an account per role, grouped by <see cref="Response"/>).</summary>
    private sealed record AccountRole(long Id, string AccountNumber, string? Nickname, string Status, string Role);

    private sealed record Profile(Customer Customer, List<AccountRole> Accounts);

    /// <summary>The customer <paramref name="records"/> selects, with their accounts and roles, in one statement.</summary>
    private static Task<Profile?> ProfileAsync(IQueryable<Customer> records, CustomerDbContext db, CancellationToken ct) =>
        records.AsNoTracking().Select(c => new Profile(c,
            (from p in db.AccountParties
             join a in db.Accounts on p.Account equals a.Id
             where p.Customer == c.Id
             select new AccountRole(a.Id, a.AccountNumber, a.Nickname, a.Status, p.Role)).ToList())).FirstOrDefaultAsync(ct);

    private static CustomerResponse Response(Profile profile, IDataProtectionProvider protection)
    {
        var (c, accounts) = profile;
        var taxId = c.TaxIdProtected is null ? null : Ein.Mask(protection.CreateProtector(SubmitEnrollment.TaxIdPurpose).Unprotect(c.TaxIdProtected));
        return new CustomerResponse(
            c.Id, c.Type, c.FirstName, c.LastName, c.BusinessName, c.BusinessType, taxId,
            c.Type == CustomerTypes.Business ? new PrimaryContactResponse(c.ContactFirstName, c.ContactLastName, c.ContactTitle, c.ContactEmail, c.ContactPhone) : null,
            c.Email, c.Phone, CustomerLifecycle.ApiWord(c.Status), c.CreatedAt,
            accounts.GroupBy(a => a.Id).OrderBy(g => g.Key)
                .Select(g => new CustomerAccountResponse(g.Key, g.First().AccountNumber, g.First().Nickname, g.First().Status, g.Select(a => a.Role).Order(StringComparer.Ordinal).ToList()))
                .ToList());
    }

    /// <summary>The customer record was deleted after the sign-in was linked to it (between the lookup and the read).</summary>
    private static readonly Refusal Deleted = Refusal.NotFound("Customer not found",
        "Your customer record no longer exists. Sign in again, or enroll to start service.");

    private static readonly Refusal EmailInUse = Refusal.Conflict("Email already registered", "Another customer already uses this email address.");
}

