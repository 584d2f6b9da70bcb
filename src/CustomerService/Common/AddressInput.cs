namespace CustomerService.Common;

/// <summary>A US postal address as a request carries it.</summary>
public sealed record AddressInput
{
    public string? Street { get; init; }
    public string? Unit { get; init; }
    public string? City { get; init; }
    public string? State { get; init; }
    public string? Zip { get; init; }

    /// <summary>
    /// Checks every field and reports each failure under <paramref name="path"/> (e.g. serviceAddress.zip).
    /// A service address must be in a state this retailer serves; a mailing address may be anywhere in the US.
    /// </summary>
    public static void Validate(AddressInput? address, string path, ValidationErrors errors, bool mustBeServed)
    {
        if (address is null)
        {
            errors.Add(path.Length == 0 ? "$" : path, "The address is required.");
            return;
        }
        Text.Required(address.Street, Json.Path(path, "street"), "Street", 200, errors);
        Text.Optional(address.Unit, Json.Path(path, "unit"), "Unit", 50, errors);
        Text.Required(address.City, Json.Path(path, "city"), "City", 100, errors);
        if (string.IsNullOrWhiteSpace(address.State))
            errors.Add(Json.Path(path, "state"), "State is required.");
        else if (!UsStates.IsValid(address.State))
            errors.Add(Json.Path(path, "state"), "State must be a 2-letter US state code, e.g. TX.");
        else if (mustBeServed && !UsStates.Served.Contains(address.State.Trim().ToUpperInvariant()))
            errors.Add(Json.Path(path, "state"), $"We serve electricity customers in {string.Join(", ", UsStates.Served)} only.");
        if (string.IsNullOrWhiteSpace(address.Zip))
            errors.Add(Json.Path(path, "zip"), "ZIP code is required.");
        else if (!Common.Zip.TryParse(address.Zip, out _))
            errors.Add(Json.Path(path, "zip"), "A ZIP code is 5 digits, e.g. 75001.");
    }
}

public static class Json
{
    /// <summary>Joins a JSON path and a member name: ("serviceAddress", "zip") → serviceAddress.zip; ("", "zip") → zip.</summary>
    public static string Path(string parent, string member) => parent.Length == 0 ? member : $"{parent}.{member}";
}
