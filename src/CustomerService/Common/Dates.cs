using System.Globalization;

namespace CustomerService.Common;

/// <summary>How dates are written to customers, in the portal, in the API's texts and in the plan documents alike.</summary>
public static class Dates
{
    /// <summary>December 13, 2026.</summary>
    public static string Long(DateOnly date) => date.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture);
}
