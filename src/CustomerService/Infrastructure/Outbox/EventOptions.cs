using System.ComponentModel.DataAnnotations;

namespace CustomerService.Infrastructure.Outbox;

public sealed class EventOptions
{
    public const string Section = "Events";

    /// <summary>The CloudEvents <c>source</c> attribute of every event this service emits.</summary>
    [Required]
    public string Source { get; set; } = "urn:ossrep:customer-service";

    /// <summary>Prefix of the CloudEvents <c>type</c>: customer.ContractCreated.</summary>
    [Required]
    public string TypePrefix { get; set; } = "customer.";
}
