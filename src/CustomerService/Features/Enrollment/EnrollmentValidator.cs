using System.Globalization;
using CustomerService.Common;
using CustomerService.Features.Customers;
using CustomerService.Features.Preferences;

namespace CustomerService.Features.Enrollment;

/// <summary>An enrollment whose every field passed the rules that need no database.</summary>
public sealed record ValidEnrollment(
    string CustomerType,
    string EnrollmentType,
    bool ProofOfOccupancy,
    string? FirstName,
    string? LastName,
    string? BusinessName,
    string? BusinessType,
    Ein? TaxId,
    BusinessContact? PrimaryContact,
    Email? Email,
    PhoneNumber? Phone,
    string ServiceStreet,
    string? ServiceUnit,
    string ServiceCity,
    Zip ServiceZip,
    DateOnly ServiceStartDate,
    long PlanId,
    IReadOnlyList<long> MeterIds,
    ValidMailingAddress? MailingAddress,
    string BillDelivery,
    bool MarketingOptIn);

public sealed record ValidMailingAddress(string Street, string? Unit, string City, string State, string Zip);

/// <summary>
/// The rules of DESIGN.md section 3 that need no database, all checked at once; the API and the portal
/// both use them. Errors are keyed by JSON path (serviceAddress.zip, selectedMeterIds[1]).
/// </summary>
public static class EnrollmentValidator
{
    public const int MaxMetersPerEnrollment = 50;

    /// <summary>
    /// Checks every field. For a signed-in customer (<paramref name="existingCustomerType"/> set) the customer's own
    /// details come from their record, so only the service, plan, meter and terms fields are read.
    /// </summary>
    public static ValidEnrollment? Validate(EnrollmentRequest r, ServiceCalendar calendar, ValidationErrors errors, string? existingCustomerType = null)
    {
        if (existingCustomerType is not null) r = r with { CustomerType = existingCustomerType };
        var type = r.CustomerType?.Trim().ToLowerInvariant();
        if (type is null) errors.Add("customerType", "Customer type is required: individual or business.");
        else if (type is not (CustomerTypes.Individual or CustomerTypes.Business))
            errors.Add("customerType", "Customer type must be individual or business.");

        BusinessContact? contact = null;
        Ein? ein = null;
        Email? email = null;
        PhoneNumber? phone = null;
        if (existingCustomerType is null) (contact, ein, email, phone) = ValidateCustomer(r, type, errors);

        AddressInput.Validate(r.ServiceAddress, "serviceAddress", errors, mustBeServed: true);

        var enrollmentType = ParseEnrollmentType(r.EnrollmentType);
        if (enrollmentType is null)
            errors.Add("enrollmentType", "Enrollment type must be switch (the premise already has power from another provider) or moveIn (you are moving in).");

        DateOnly startDate = default;
        var (earliest, latest) = StartWindow(enrollmentType ?? EnrollmentTypes.Switch, calendar);
        if (string.IsNullOrWhiteSpace(r.ServiceStartDate)) errors.Add("serviceStartDate", "Service start date is required.");
        else if (!DateOnly.TryParseExact(r.ServiceStartDate.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out startDate))
            errors.Add("serviceStartDate", "Service start date must be a date written YYYY-MM-DD.");
        else if (startDate < earliest || startDate > latest)
            errors.Add("serviceStartDate", StartWindowRule(enrollmentType ?? EnrollmentTypes.Switch, calendar));

        if (r.SelectedPlanId is null) errors.Add("selectedPlanId", "Select a plan.");

        var meterIds = r.SelectedMeterIds ?? [];
        if (meterIds.Count == 0) errors.Add("selectedMeterIds", "Select at least one meter.");
        else if (meterIds.Count > MaxMetersPerEnrollment)
            errors.Add("selectedMeterIds", $"At most {MaxMetersPerEnrollment} meters can be enrolled at once; contact us for larger sites.");
        for (var i = 0; i < meterIds.Count; i++)
        {
            if (meterIds.IndexOf(meterIds[i]) != i) errors.Add($"selectedMeterIds[{i}]", $"Meter {meterIds[i]} is selected more than once.");
        }

        var mailing = ValidateMailing(r.MailingAddress, errors);

        var billDelivery = r.Preferences?.BillDelivery?.Trim().ToLowerInvariant() ?? Preferences.BillDelivery.Email;
        if (!Preferences.BillDelivery.All.Contains(billDelivery))
            errors.Add("preferences.billDelivery", "Bill delivery must be email, mail or both.");

        if (r.AcceptedTerms != true)
            errors.Add("acceptedTerms", "You must accept the Terms of Service, the Electricity Facts Label and Your Rights as a Customer to enroll.");

        if (!errors.IsEmpty) return null;

        var service = r.ServiceAddress!;
        var zip = Zip.Parse(service.Zip);
        return new ValidEnrollment(
            type!,
            enrollmentType!,
            enrollmentType == EnrollmentTypes.MoveIn && r.ProofOfOccupancy == true,
            Text.Clean(r.FirstName), Text.Clean(r.LastName), Text.Clean(r.BusinessName),
            r.BusinessType?.Trim().ToLowerInvariant() is { } bt && type == CustomerTypes.Business ? bt : null,
            ein, contact, email, phone,
            service.Street!.Trim(), Text.Clean(service.Unit), service.City!.Trim(), zip,
            startDate, r.SelectedPlanId!.Value, meterIds, mailing, billDelivery, r.Preferences?.MarketingOptIn ?? false);
    }

    /// <summary>switch or moveIn (any case); absent means switch; anything else is null.</summary>
    public static string? ParseEnrollmentType(string? value) => value?.Trim() switch
    {
        null or "" => EnrollmentTypes.Switch,
        var v when v.Equals(EnrollmentTypes.Switch, StringComparison.OrdinalIgnoreCase) => EnrollmentTypes.Switch,
        var v when v.Equals(EnrollmentTypes.MoveIn, StringComparison.OrdinalIgnoreCase) => EnrollmentTypes.MoveIn,
        _ => null,
    };

    /// <summary>
    /// The start dates a request may ask for: a move-in from tomorrow, a switch from the second business day after
    /// today (<see cref="ServiceCalendar.EarliestSwitchDate"/>); both at most 90 days ahead.
    /// </summary>
    public static (DateOnly Earliest, DateOnly Latest) StartWindow(string enrollmentType, ServiceCalendar calendar)
    {
        var (tomorrow, latest) = calendar.StartDateWindow;
        return (enrollmentType == EnrollmentTypes.Switch ? calendar.EarliestSwitchDate : tomorrow, latest);
    }

    public static string StartWindowRule(string enrollmentType, ServiceCalendar calendar)
    {
        var (earliest, latest) = StartWindow(enrollmentType, calendar);
        return enrollmentType == EnrollmentTypes.Switch
            ? $"A switch can start from {earliest:yyyy-MM-dd} (the second business day from today; weekends and federal holidays do not count) to {latest:yyyy-MM-dd} (90 days ahead). Moving in? A move-in can start from tomorrow."
            : $"A move-in can start from {earliest:yyyy-MM-dd} (tomorrow) to {latest:yyyy-MM-dd} (90 days ahead).";
    }

    private static (BusinessContact?, Ein?, Email?, PhoneNumber?) ValidateCustomer(EnrollmentRequest r, string? type, ValidationErrors errors)
    {
        BusinessContact? contact = null;
        Ein? ein = null;
        if (type == CustomerTypes.Individual)
        {
            Text.Required(r.FirstName, "firstName", "First name", 100, errors);
            Text.Required(r.LastName, "lastName", "Last name", 100, errors);
        }
        else if (type == CustomerTypes.Business)
        {
            Text.Required(r.BusinessName, "businessName", "Legal business name", 200, errors);
            var businessType = r.BusinessType?.Trim().ToLowerInvariant();
            if (businessType is null) errors.Add("businessType", "Business type is required.");
            else if (!BusinessTypes.All.Contains(businessType))
                errors.Add("businessType", $"Business type must be one of: {string.Join(", ", BusinessTypes.All)}.");
            if (string.IsNullOrWhiteSpace(r.TaxId)) errors.Add("taxId", "Tax ID (EIN) is required for a business.");
            else if (!Ein.TryParse(r.TaxId, out ein)) errors.Add("taxId", "An EIN is written NN-NNNNNNN, e.g. 12-3456789.");
            contact = ValidateContact(r.PrimaryContact, errors);
        }

        Email? email = null;
        if (string.IsNullOrWhiteSpace(r.Email)) errors.Add("email", "Email is required.");
        else if (!Email.TryParse(r.Email, out email)) errors.Add("email", "Enter an email address like name@example.com.");

        PhoneNumber? phone = null;
        if (string.IsNullOrWhiteSpace(r.Phone)) errors.Add("phone", "Phone is required.");
        else if (!PhoneNumber.TryParse(r.Phone, out phone)) errors.Add("phone", "A US phone number has 10 digits, e.g. (555) 123-4567.");

        return (contact, ein, email, phone);
    }

    internal static BusinessContact? ValidateContact(PrimaryContactInput? c, ValidationErrors errors)
    {
        if (c is null)
        {
            errors.Add("primaryContact", "A primary contact person is required for a business.");
            return null;
        }
        Text.Required(c.FirstName, "primaryContact.firstName", "Contact first name", 100, errors);
        Text.Required(c.LastName, "primaryContact.lastName", "Contact last name", 100, errors);
        Text.Optional(c.Title, "primaryContact.title", "Contact title", 100, errors);
        Email? email = null;
        if (!string.IsNullOrWhiteSpace(c.Email) && !Email.TryParse(c.Email, out email))
            errors.Add("primaryContact.email", "Enter an email address like name@example.com.");
        PhoneNumber? phone = null;
        if (!string.IsNullOrWhiteSpace(c.Phone) && !PhoneNumber.TryParse(c.Phone, out phone))
            errors.Add("primaryContact.phone", "A US phone number has 10 digits, e.g. (555) 123-4567.");
        return new BusinessContact(c.FirstName?.Trim() ?? "", c.LastName?.Trim() ?? "", Text.Clean(c.Title), email?.Value, phone?.Formatted);
    }

    private static ValidMailingAddress? ValidateMailing(MailingAddressInput? m, ValidationErrors errors)
    {
        // No mailing address, or sameAsService, means bills go to the service address.
        if (m is null || (m.SameAsService ?? string.IsNullOrWhiteSpace(m.Street))) return null;
        var address = new AddressInput { Street = m.Street, Unit = m.Unit, City = m.City, State = m.State, Zip = m.Zip };
        AddressInput.Validate(address, "mailingAddress", errors, mustBeServed: false);
        return new ValidMailingAddress(
            m.Street?.Trim() ?? "", Text.Clean(m.Unit), m.City?.Trim() ?? "", m.State?.Trim().ToUpperInvariant() ?? "", m.Zip?.Trim() ?? "");
    }
}
