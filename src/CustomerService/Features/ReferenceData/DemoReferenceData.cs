using CustomerService.Common;
using CustomerService.Features.Meters;
using CustomerService.Features.Plans;
using CustomerService.Features.ServicePoints;

namespace CustomerService.Features.ReferenceData;

/// <summary>
/// The demo reference data of the embedded default: ERCOT TDSP territories by ZIP prefix, the four demo
/// plans of customer-service.md and the territories they are offered in, and service points with ESI IDs
/// and meters (residential addresses have one meter, commercial addresses three or more). The README lists them.
/// </summary>
public static class DemoReferenceData
{
    public static readonly IReadOnlyList<(string Code, string Name, string EsiPrefix, string[] ZipPrefixes)> Territories =
    [
        ("ONCOR", "Oncor Electric Delivery", "10443720", ["750", "751", "752", "753", "754", "755", "756", "757", "758", "759", "760", "761", "762"]),
        ("CENTERPOINT", "CenterPoint Energy Houston Electric", "1008901", ["770", "771", "772", "773", "774", "775"]),
        ("AEP_CENTRAL", "AEP Texas Central", "10032789", ["782", "784"]),
        ("AEP_NORTH", "AEP Texas North", "10204049", ["764", "768", "769", "796"]),
        ("TNMP", "Texas-New Mexico Power", "10400512", ["767"]),
        ("LPL", "Lubbock Power & Light", "10352", ["794"]),
    ];

    public static IReadOnlyList<Plan> Plans() =>
    [
        new Plan
        {
            Id = 1001, Name = "Green Energy 12",
            Description = "Lock in a competitive rate with 100% renewable energy from Texas wind farms.",
            RatePerKwh = 11.9m, TermMonths = 12, EarlyTerminationFee = 150.00m, BaseCharge = 9.95m, RenewablePercent = 100,
            PlanType = PlanTypes.Fixed, Features = ["100% Wind Energy", "Fixed Rate", "No Hidden Fees"],
        },
        new Plan
        {
            Id = 1002, Name = "Value Saver 24",
            Description = "Our best long-term value with a low fixed rate locked in for 2 years.",
            RatePerKwh = 10.5m, TermMonths = 24, EarlyTerminationFee = 200.00m, BaseCharge = 4.95m, RenewablePercent = 15,
            PlanType = PlanTypes.Fixed, Features = ["Lowest Rate", "24-Month Price Lock", "Low Base Charge"],
        },
        new Plan
        {
            Id = 1003, Name = "Flex Power",
            Description = "Month-to-month service with no long-term commitment and no cancellation fee.",
            RatePerKwh = 13.2m, TermMonths = 1, EarlyTerminationFee = 0m, BaseCharge = 0m, RenewablePercent = 10,
            PlanType = PlanTypes.Variable, Features = ["No Long-Term Contract", "No Early Termination Fee", "No Base Charge"],
        },
        new Plan
        {
            Id = 1004, Name = "Solar Plus 18",
            Description = "100% Texas solar energy at a fixed rate for 18 months.",
            RatePerKwh = 12.4m, TermMonths = 18, EarlyTerminationFee = 175.00m, BaseCharge = 9.95m, RenewablePercent = 100,
            PlanType = PlanTypes.Fixed, Features = ["100% Solar Energy", "Fixed Rate", "18-Month Price Lock"],
        },
    ];

    public static readonly IReadOnlyList<(long PlanId, string[] Territories)> PlanTerritories =
    [
        (1001, ["ONCOR", "CENTERPOINT", "AEP_CENTRAL", "AEP_NORTH", "TNMP"]),
        (1002, ["ONCOR", "CENTERPOINT", "TNMP"]),
        (1003, ["ONCOR", "CENTERPOINT", "AEP_CENTRAL", "AEP_NORTH", "TNMP", "LPL"]),
        (1004, ["ONCOR", "CENTERPOINT", "AEP_CENTRAL", "LPL"]),
    ];

    /// <summary>Street, unit, city, ZIP, and the number of meters (1 = residential, 3+ = commercial).</summary>
    public static readonly IReadOnlyList<(string Street, string? Unit, string City, string Zip, int Meters)> Addresses =
    [
        // Oncor (Dallas–Fort Worth, East Texas)
        ("123 Main Street", null, "Addison", "75001", 1),
        ("100 Corporate Drive", "Suite 500", "Dallas", "75201", 3),
        ("4512 Swiss Avenue", null, "Dallas", "75204", 1),
        ("2817 Lovers Lane", null, "Dallas", "75225", 1),
        ("908 Elm Street", "Apt 12B", "Dallas", "75202", 1),
        ("1420 W Mockingbird Lane", null, "Dallas", "75247", 3),
        ("1610 Oak Knoll Drive", null, "Plano", "75093", 1),
        ("2201 N Central Expressway", "Suite 210", "Richardson", "75080", 4),
        ("5209 Birchman Avenue", null, "Fort Worth", "76107", 1),
        ("3300 Camp Bowie Boulevard", null, "Fort Worth", "76107", 4),
        ("418 S Broadway Avenue", null, "Tyler", "75702", 1),
        // CenterPoint (Houston)
        ("2400 Westheimer Road", "Apt 305", "Houston", "77098", 1),
        ("1500 Louisiana Street", null, "Houston", "77002", 4),
        ("7810 Braes Meadow Drive", null, "Houston", "77071", 1),
        ("502 Heights Boulevard", null, "Houston", "77007", 1),
        ("9800 Katy Freeway", "Suite 300", "Houston", "77055", 3),
        ("27 Grogans Mill Road", null, "The Woodlands", "77380", 1),
        ("1203 Sunset Drive", null, "Friendswood", "77546", 1),
        ("3902 Avenue P", null, "Galveston", "77550", 1),
        // AEP Texas Central (San Antonio area demo ZIPs, Corpus Christi)
        ("218 E Mistletoe Avenue", null, "San Antonio", "78212", 1),
        ("4110 Ocean Drive", null, "Corpus Christi", "78411", 1),
        ("5858 S Padre Island Drive", null, "Corpus Christi", "78412", 3),
        // AEP Texas North (Abilene, San Angelo, Brownwood, Stephenville)
        ("1842 Sayles Boulevard", null, "Abilene", "79605", 1),
        ("3901 Sherwood Way", null, "San Angelo", "76901", 3),
        ("1107 Coggin Avenue", null, "Brownwood", "76801", 1),
        ("601 W Washington Street", null, "Stephenville", "76401", 1),
        // TNMP (Waco area)
        ("2215 Austin Avenue", null, "Waco", "76701", 1),
        ("4700 Bosque Boulevard", null, "Waco", "76710", 3),
        // Lubbock Power & Light
        ("2409 19th Street", null, "Lubbock", "79410", 1),
        ("4602 98th Street", null, "Lubbock", "79424", 1),
        ("5810 Slide Road", null, "Lubbock", "79414", 3),
        // Under a switch hold (SwitchHoldStreets): a switch is refused, a move-in with proof of occupancy proceeds
        ("1918 Greenville Avenue", null, "Dallas", "75206", 1),
    ];

    /// <summary>The demo service points under a TDSP switch hold.</summary>
    public static readonly IReadOnlySet<string> SwitchHoldStreets = new HashSet<string>(StringComparer.Ordinal) { "1918 Greenville Avenue" };

    public const long FirstMeterId = 3001;

    /// <summary>The service points and meters, with ids, ESI IDs and meter numbers derived deterministically from the list order.</summary>
    public static (List<ServicePoint> ServicePoints, List<Meter> Meters) ServicePointsAndMeters()
    {
        var prefixes = Territories.SelectMany(t => t.ZipPrefixes.Select(p => (Prefix: p, t.Code, t.EsiPrefix))).ToDictionary(x => x.Prefix);
        var points = new List<ServicePoint>();
        var meters = new List<Meter>();
        var meterId = FirstMeterId;
        for (var i = 0; i < Addresses.Count; i++)
        {
            var (street, unit, city, zip, meterCount) = Addresses[i];
            var territory = prefixes[zip[..3]];
            var id = i + 1;
            // ERCOT ESI IDs begin with the TDSP's DUNS-based prefix; Oncor's are 17 digits, the others 22.
            var length = territory.Code == "ONCOR" ? 17 : 22;
            var esiId = territory.EsiPrefix + (zip + id.ToString("D4")).PadLeft(length - territory.EsiPrefix.Length, '0');
            points.Add(new ServicePoint
            {
                Id = id, EsiId = esiId, Street = street, Unit = unit, City = city, State = "TX", Zip = zip,
                AddressKey = AddressNormalizer.Key(street, unit, zip), TerritoryCode = territory.Code,
                PremiseType = meterCount > 1 ? "commercial" : "residential",
                SwitchHold = SwitchHoldStreets.Contains(street),
            });
            for (var m = 0; m < meterCount; m++, meterId++)
            {
                meters.Add(new Meter
                {
                    Id = meterId,
                    MeterNumber = $"E-{12345678 + (meterId - FirstMeterId) * 1111:D8}",
                    Type = "electric",
                    Status = MeterStatus.Available,
                    ServicePointId = id,
                    InstallDate = new DateOnly(2015 + id % 9, 1 + id % 12, 1 + (int)(meterId % 27)),
                });
            }
        }
        return (points, meters);
    }
}
