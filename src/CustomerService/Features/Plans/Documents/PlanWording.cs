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

    public static string ProductType(Plan plan) => plan.PlanType switch
    {
        PlanTypes.Fixed => "Fixed rate",
        PlanTypes.Variable => "Variable rate",
        PlanTypes.Indexed => "Indexed rate",
        var other => other,
    };

    public static bool IsMonthToMonth(Plan plan) => plan.TermMonths == 1 && plan.PlanType == PlanTypes.Variable;

    public static string ContractTerm(Plan plan) =>
        IsMonthToMonth(plan) ? "Month-to-month"
        : plan.TermMonths == 1 ? "1 month"
        : $"{Number(plan.TermMonths)} months";

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
