using CustomerService.Common;

namespace CustomerService.Features.Plans;

public sealed record AvailablePlansResponse(string ZipCode, IReadOnlyList<PlanResponse> Plans);

public sealed record PlanResponse(
    long PlanId,
    string Name,
    string Description,
    decimal RatePerKwh,
    int TermMonths,
    decimal EarlyTerminationFee,
    decimal BaseCharge,
    int RenewablePercent,
    string PlanType,
    IReadOnlyList<string> Features,
    PlanDocumentLinks Documents)
{
    public static PlanResponse From(Plan p) => new(
        p.Id, p.Name, p.Description, Decimals.Trim(p.RatePerKwh), p.TermMonths, Decimals.Money(p.EarlyTerminationFee),
        Decimals.Money(p.BaseCharge), p.RenewablePercent, p.PlanType, p.Features, PlanDocumentLinks.For(p.Id));
}

public sealed record PlanDocumentLinks(string EflUrl, string TosUrl, string YracUrl)
{
    public static PlanDocumentLinks For(long planId) => new(
        $"/api/enrollment/plans/{planId}/efl", $"/api/enrollment/plans/{planId}/tos", $"/api/enrollment/plans/{planId}/yrac");
}
