namespace CustomerService.Portal;

public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>The retailer's name, shown in the portal's header, titles and footer.</summary>
    public string BrandName { get; set; } = "OSSREP Energy";
}
