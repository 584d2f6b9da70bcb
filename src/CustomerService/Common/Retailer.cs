using Microsoft.Extensions.Options;

namespace CustomerService.Common;

/// <summary>
/// The retail electric provider this service runs for, as customers are told it everywhere: the portal, the API's
/// texts and the plan documents. Bound from the Retailer section and checked at start.
/// </summary>
public sealed class Retailer
{
    public const string Section = "Retailer";

    /// <summary>The name this key had before the Retailer section existed; still honoured, so a configured brand keeps its meaning.</summary>
    public const string FormerNameKey = "Portal:BrandName";

    public string Name { get; set; } = "OSSREP Energy";

    /// <summary>The PUCT's REP certificate number (16 TAC §25.107), printed on every plan document.</summary>
    public string CertificateNumber { get; set; } = "10999 (demo)";

    /// <summary>Customer care, as customers read it (16 TAC §25.475 asks for a toll-free number).</summary>
    public string Phone { get; set; } = "1-800-555-0100";

    public string Email { get; set; } = "support@ossrep.example";

    /// <summary>When customer care answers, with the time zone.</summary>
    public string Hours { get; set; } = "Monday to Friday, 8 a.m. to 6 p.m. Central Time";

    /// <summary>The customer-care number as a link target: tel:+18005550100.</summary>
    public string PhoneHref => PhoneNumber.TryParse(Phone, out var phone) ? $"tel:+1{phone.Digits}" : throw new InvalidOperationException("Retailer:Phone is validated at start.");
}

public static class RetailerSetup
{
    public static WebApplicationBuilder AddRetailer(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddOptions<Retailer>()
            .Bind(configuration.GetSection(Retailer.Section))
            .Configure(r =>
            {
                if (configuration[$"{Retailer.Section}:{nameof(Retailer.Name)}"] is null && configuration[Retailer.FormerNameKey] is { } former)
                    r.Name = former;
            })
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<Retailer>>(new RetailerValidation(configuration));
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<Retailer>>().Value);
        return builder;
    }

    private sealed class RetailerValidation(IConfiguration configuration) : IValidateOptions<Retailer>
    {
        public ValidateOptionsResult Validate(string? name, Retailer r)
        {
            var failures = new List<string>();
            if (string.IsNullOrWhiteSpace(r.Name)) failures.Add("Retailer:Name is required: it names the retailer in the portal and the plan documents.");
            if (configuration[$"{Retailer.Section}:{nameof(Retailer.Name)}"] is { } configured && configuration[Retailer.FormerNameKey] is { } former
                && !string.Equals(configured, former, StringComparison.Ordinal))
                failures.Add($"Retailer:Name ('{configured}') and {Retailer.FormerNameKey} ('{former}') both name the retailer and differ; set Retailer:Name only.");
            if (string.IsNullOrWhiteSpace(r.CertificateNumber)) failures.Add("Retailer:CertificateNumber is required: the plan documents must state the REP certificate number.");
            if (!PhoneNumber.TryParse(r.Phone, out _)) failures.Add($"Retailer:Phone ('{r.Phone}') is not a 10-digit North American number, e.g. 1-800-555-0100.");
            if (!Email.TryParse(r.Email, out _)) failures.Add($"Retailer:Email ('{r.Email}') is not an email address.");
            if (string.IsNullOrWhiteSpace(r.Hours)) failures.Add("Retailer:Hours is required: the documents must say when customer care answers.");
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
