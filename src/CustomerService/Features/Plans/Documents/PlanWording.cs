using System.Globalization;

namespace CustomerService.Features.Plans.Documents;

/// <summary>How the plan documents word a plan's terms and figures, so the EFL and the Terms of Service say the same thing.</summary>
public static class PlanWording
{
    /// <summary>
    /// The approximate share of renewable energy in Texas that the EFL compares a plan with. It changes every year, so
    /// within a few points of it the comparison says "about the same" rather than more or less.
    /// </summary>
    public const int StatewideRenewablePercent = 33;

    public static string ProductType(Plan plan) => ProductType(plan.PlanType);

    public static string ProductType(string planType) => planType switch
    {
        PlanTypes.Fixed => "Fixed rate",
        PlanTypes.Variable => "Variable rate",
        PlanTypes.Indexed => "Indexed rate",
        var other => other,
    };

    public static bool IsMonthToMonth(Plan plan) => IsMonthToMonth(plan.TermMonths, plan.PlanType);

    public static bool IsMonthToMonth(int termMonths, string planType) => termMonths == 1 && planType == PlanTypes.Variable;

    public static string ContractTerm(Plan plan) => ContractTerm(plan.TermMonths, plan.PlanType);

    /// <summary>Month-to-month, 1 month, 12 months: as the EFL states the contract term, and the portal too.</summary>
    public static string ContractTerm(int termMonths, string planType) =>
        IsMonthToMonth(termMonths, planType) ? "Month-to-month"
        : termMonths == 1 ? "1 month"
        : $"{Number(termMonths)} months";

    public static string EarlyTerminationFee(Plan plan) => plan.EarlyTerminationFee > 0 ? Dollars(plan.EarlyTerminationFee) : "None";

    /// <summary>"more than", "less than" or "about the same as" the statewide average.</summary>
    public static string RenewableComparison(int percent) =>
        Math.Abs(percent - StatewideRenewablePercent) <= 3 ? "about the same as"
        : percent > StatewideRenewablePercent ? "more than"
        : "less than";

    /// <summary>$1,234.50</summary>
    public static string Dollars(decimal dollars) => "$" + dollars.ToString("N2", CultureInfo.InvariantCulture);

    /// <summary>1,000 kWh</summary>
    public static string Kwh(int kwh) => kwh.ToString("N0", CultureInfo.InvariantCulture) + " kWh";

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
