namespace CustomerService.Features.Customers;

/// <summary>
/// The lifecycle of customer-management.md: onboarding → prelive → live ⇄ inactive → closed.
/// The stored status is this word; the /api surface shows customer-service.md's words (see <see cref="ApiWord"/>).
/// </summary>
public static class CustomerLifecycle
{
    public const string Onboarding = "onboarding";
    public const string Prelive = "prelive";
    public const string Live = "live";
    public const string Inactive = "inactive";
    public const string Closed = "closed";

    public static readonly IReadOnlyList<string> All = [Onboarding, Prelive, Live, Inactive, Closed];

    private static readonly Dictionary<string, string[]> Transitions = new(StringComparer.Ordinal)
    {
        [Onboarding] = [Prelive],
        [Prelive] = [Live],
        [Live] = [Inactive],
        [Inactive] = [Live, Closed],
        [Closed] = [],
    };

    public static IReadOnlyList<string> AllowedFrom(string status) =>
        Transitions.TryGetValue(status, out var next) ? next : [];

    public static bool CanMove(string from, string to) => AllowedFrom(from).Contains(to, StringComparer.Ordinal);

    /// <summary>customer-service.md's status word for a stored lifecycle status.</summary>
    public static string ApiWord(string status) => status switch
    {
        Onboarding or Prelive => "pending",
        Live => "active",
        _ => "inactive",
    };
}
