using CustomerService.Common;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CustomerService.Portal;

/// <summary>A form field as the portal renders it: label, value, hint and the errors the rules reported for its JSON path.</summary>
public sealed record FormField(string Path, string Label, string? Value, IReadOnlyList<string> Errors)
{
    public string Type { get; init; } = "text";
    public string? Autocomplete { get; init; }
    public string? Hint { get; init; }
    public string? InputMode { get; init; }
    public bool Required { get; init; }
    public int? MaxLength { get; init; }
    public string? Min { get; init; }
    public string? Max { get; init; }
    public string Id => PortalHtml.IdFor(Path);
}

public static class PortalHtml
{
    /// <summary>The element id of a field named by a JSON path: serviceAddress.zip → serviceAddress-zip, selectedMeterIds[2] → selectedMeterIds.</summary>
    public static string IdFor(string path)
    {
        var bracket = path.IndexOf('[', StringComparison.Ordinal);
        var trimmed = bracket < 0 ? path : path[..bracket];
        return trimmed == "$" ? "main" : trimmed.Replace('.', '-');
    }

    /// <summary>US dollars: $1,234.50, -$12.00 (the service runs with invariant globalization, so no culture data).</summary>
    public static string Money(decimal amount) =>
        (amount < 0 ? "-$" : "$") + Math.Abs(amount).ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A phone number in the form it is stored in, (214) 555-0142; what cannot be read as one stays as typed.</summary>
    public static string Phone(string? typed) => PhoneNumber.TryParse(typed, out var phone) ? phone.Formatted : typed ?? "";

    /// <summary>A tax id as every page outside the data-protection export shows it: **-***6789.</summary>
    public static string TaxId(string? typed) => Ein.TryParse(typed, out var ein) ? ein.Masked : "—";

    public static string Months(int months) => months == 1 ? "1 month" : $"{months} months";

    public static string Date(DateOnly date) => Dates.Long(date);

    public static string Date(DateOnly? date) => date is { } d ? Date(d) : "—";
}

/// <summary>A portal page: carries the validation errors of its form, keyed by the same JSON paths the API reports.</summary>
public abstract class PortalPageModel : PageModel
{
    public IReadOnlyDictionary<string, string[]> Errors { get; protected set; } = new Dictionary<string, string[]>();

    public bool HasErrors => Errors.Count > 0;

    public IReadOnlyList<string> ErrorsFor(string path) =>
        Errors.Where(e => e.Key == path || e.Key.StartsWith(path + "[", StringComparison.Ordinal)).SelectMany(e => e.Value).ToList();

    public FormField Field(string path, string label, string? value) => new(path, label, value, ErrorsFor(path));

    protected void ShowErrors(ValidationErrors errors) => Errors = errors.ToDictionary();
}
