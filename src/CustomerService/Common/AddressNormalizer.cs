using System.Text;

namespace CustomerService.Common;

/// <summary>
/// Normalizes a US street line the way USPS Publication 28 standardizes it: upper case, no punctuation,
/// single spaces, standard suffix, directional and secondary-unit abbreviations. Two spellings of one
/// address ("100 Corporate Drive, Suite 500" and "100 corporate dr. ste 500") normalize to the same text.
/// </summary>
public static class AddressNormalizer
{
    private static readonly Dictionary<string, string> Words = new(StringComparer.Ordinal)
    {
        // street suffixes
        ["ALLEY"] = "ALY", ["AVENUE"] = "AVE", ["AV"] = "AVE", ["BOULEVARD"] = "BLVD", ["BEND"] = "BND",
        ["CIRCLE"] = "CIR", ["COURT"] = "CT", ["COVE"] = "CV", ["CREEK"] = "CRK", ["CROSSING"] = "XING",
        ["DRIVE"] = "DR", ["EXPRESSWAY"] = "EXPY", ["FREEWAY"] = "FWY", ["HIGHWAY"] = "HWY", ["HOLLOW"] = "HOLW",
        ["LANE"] = "LN", ["LOOP"] = "LOOP", ["PARKWAY"] = "PKWY", ["PLACE"] = "PL", ["PLAZA"] = "PLZ",
        ["POINT"] = "PT", ["ROAD"] = "RD", ["SQUARE"] = "SQ", ["STREET"] = "ST", ["STR"] = "ST",
        ["TERRACE"] = "TER", ["TRAIL"] = "TRL", ["TRACE"] = "TRCE", ["WAY"] = "WAY", ["RIDGE"] = "RDG",
        // directionals
        ["NORTH"] = "N", ["SOUTH"] = "S", ["EAST"] = "E", ["WEST"] = "W",
        ["NORTHEAST"] = "NE", ["NORTHWEST"] = "NW", ["SOUTHEAST"] = "SE", ["SOUTHWEST"] = "SW",
        // secondary unit designators
        ["APARTMENT"] = "APT", ["SUITE"] = "STE", ["BUILDING"] = "BLDG", ["FLOOR"] = "FL", ["UNIT"] = "UNIT",
        ["ROOM"] = "RM", ["DEPARTMENT"] = "DEPT", ["SPACE"] = "SPC", ["LOT"] = "LOT", ["TRAILER"] = "TRLR",
        ["#"] = "#",
    };

    /// <summary>The normalized street line: street and unit together, so a unit typed into the street field still matches.</summary>
    public static string NormalizeLine(string? street, string? unit)
    {
        var text = $"{street} {unit}";
        var tokens = Tokenize(text).Select(t => Words.TryGetValue(t, out var abbreviation) ? abbreviation : t);
        return string.Join(' ', tokens);
    }

    /// <summary>The lookup key of a service address: normalized street line and ZIP. City names vary (Addison / Dallas), ZIPs do not.</summary>
    public static string Key(string? street, string? unit, string zip) => $"{NormalizeLine(street, unit)}|{zip.Trim()}";

    public static string NormalizeCity(string? city) => string.Join(' ', Tokenize(city ?? ""));

    private static IEnumerable<string> Tokenize(string text)
    {
        var current = new StringBuilder();
        foreach (var raw in text.ToUpperInvariant())
        {
            if (char.IsLetterOrDigit(raw))
            {
                current.Append(raw);
                continue;
            }
            if (current.Length > 0)
            {
                yield return current.ToString();
                current.Clear();
            }
            // '#' is a unit designator on its own ("#4B" = "# 4B"); every other punctuation mark is dropped.
            if (raw == '#') yield return "#";
        }
        if (current.Length > 0) yield return current.ToString();
    }
}
