using CustomerService.Common;
using CustomerService.Features.Plans;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CustomerService.Features.ServicePoints;

public static class ServiceAddressEndpoints
{
    public static RouteGroupBuilder MapServiceAddressEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/meters", GetMeters).WithName("GetAvailableMeters")
            .WithSummary("Meters available for enrollment at a service address (street, unit, city, state, zip in the query string)");
        group.MapPost("/validate-address", ValidateAddress).WithName("ValidateServiceAddress")
            .WithSummary("Normalizes a service address and tells whether it is served, by which TDSP, and whether meters were found");
        return group;
    }

    public static async Task<Results<Ok<AvailableMetersResponse>, ValidationProblem>> GetMeters(
        [AsParameters] AddressQuery query, ServiceAddressLookup lookup, CancellationToken ct)
    {
        var address = query.ToInput();
        var errors = ValidateForLookup(address, "");
        if (!errors.IsEmpty) return Problems.Validation(errors);

        var zip = Zip.Parse(address.Zip);
        var point = await lookup.FindAsync(address.Street!, address.Unit, zip, ct);
        if (point is null)
            return TypedResults.Ok(new AvailableMetersResponse(AddressResponse.Normalized(address), []));
        var meters = await lookup.AvailableMetersAsync(point.Id, ct);
        return TypedResults.Ok(new AvailableMetersResponse(
            AddressResponse.From(point),
            meters.Select(m => new AvailableMeter(m.Id, m.MeterNumber, m.Type, m.Status)).ToList()));
    }

    public static async Task<Results<Ok<AddressValidationResponse>, ValidationProblem>> ValidateAddress(
        AddressInput? address, ServiceAddressLookup lookup, PlanCatalog catalog, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        AddressInput.Validate(address, "", errors, mustBeServed: false);
        if (!errors.IsEmpty) return Problems.Validation(errors);

        var zip = Zip.Parse(address!.Zip);
        var stateServed = UsStates.Served.Contains(address.State!.Trim().ToUpperInvariant());
        var territory = stateServed ? await catalog.TerritoryForAsync(zip, ct) : null;
        var point = territory is null ? null : await lookup.FindAsync(address.Street!, address.Unit, zip, ct);
        var meters = point is null ? [] : await lookup.AvailableMetersAsync(point.Id, ct);

        var messages = new List<string>();
        if (!stateServed) messages.Add($"We serve electricity customers in {string.Join(", ", UsStates.Served)} only.");
        else if (territory is null) messages.Add($"ZIP code {zip} is outside the service territories we serve.");
        else if (point is null) messages.Add("No service point (ESI ID) is registered at this address. Check the street number, street name and unit.");
        else if (meters.Count == 0) messages.Add("The meters at this address are already enrolled.");
        if (point?.SwitchHold == true)
            messages.Add("This service point is under a switch hold: a switch is refused until the hold is lifted; a move-in needs proof of occupancy.");

        return TypedResults.Ok(new AddressValidationResponse(
            NormalizedAddress: point is null ? AddressResponse.Normalized(address) : AddressResponse.From(point),
            Served: territory is not null,
            Tdsp: territory is null ? null : new TdspResponse(territory.Code, territory.Name),
            ServicePointFound: point is not null,
            EsiId: point?.EsiId,
            MetersFound: meters.Count > 0,
            AvailableMeterCount: meters.Count,
            Messages: messages,
            SwitchHold: point?.SwitchHold == true));
    }

    private static ValidationErrors ValidateForLookup(AddressInput address, string prefix)
    {
        var errors = new ValidationErrors();
        Text.Required(address.Street, prefix + "street", "Street", 200, errors);
        if (string.IsNullOrWhiteSpace(address.Zip)) errors.Add(prefix + "zip", "ZIP code is required.");
        else if (!Zip.TryParse(address.Zip, out _)) errors.Add(prefix + "zip", "A ZIP code is 5 digits, e.g. 75001.");
        if (!string.IsNullOrWhiteSpace(address.State) && !UsStates.IsValid(address.State))
            errors.Add(prefix + "state", "State must be a 2-letter US state code, e.g. TX.");
        return errors;
    }
}

public sealed record AddressQuery(string? Street, string? Unit, string? City, string? State, string? Zip)
{
    public AddressInput ToInput() => new() { Street = Street, Unit = Unit, City = City, State = State, Zip = Zip };
}

public sealed record AddressResponse(string Street, string? Unit, string? City, string? State, string Zip)
{
    public static AddressResponse From(ServicePoint p) => new(p.Street, p.Unit, p.City, p.State, p.Zip);

    /// <summary>The USPS-standardized form of an address that matches no known service point.</summary>
    public static AddressResponse Normalized(AddressInput a) => new(
        AddressNormalizer.NormalizeLine(a.Street, null),
        string.IsNullOrWhiteSpace(a.Unit) ? null : AddressNormalizer.NormalizeLine(a.Unit, null),
        string.IsNullOrWhiteSpace(a.City) ? null : AddressNormalizer.NormalizeCity(a.City),
        a.State?.Trim().ToUpperInvariant(),
        a.Zip!.Trim());
}

public sealed record AvailableMetersResponse(AddressResponse Address, IReadOnlyList<AvailableMeter> Meters);

public sealed record AvailableMeter(long MeterId, string MeterNumber, string Type, string Status);

public sealed record TdspResponse(string Code, string Name);

public sealed record AddressValidationResponse(
    AddressResponse NormalizedAddress,
    bool Served,
    TdspResponse? Tdsp,
    bool ServicePointFound,
    string? EsiId,
    bool MetersFound,
    int AvailableMeterCount,
    IReadOnlyList<string> Messages,
    bool SwitchHold);
