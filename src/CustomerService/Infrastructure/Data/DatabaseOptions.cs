using System.ComponentModel.DataAnnotations;

namespace CustomerService.Infrastructure.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>sqlite (the embedded default) or postgres.</summary>
    [Required]
    [RegularExpression("^(sqlite|postgres)$", ErrorMessage = "Database:Provider must be 'sqlite' or 'postgres'.")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>Applies pending migrations at start (the default). Turn off when a deployment job migrates instead.</summary>
    public bool MigrateOnStart { get; set; } = true;

    public bool IsPostgres => string.Equals(Provider, "postgres", StringComparison.OrdinalIgnoreCase);
}
