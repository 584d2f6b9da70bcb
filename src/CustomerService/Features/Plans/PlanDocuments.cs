using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace CustomerService.Features.Plans;

/// <summary>
/// The three disclosure documents a Texas retail electric provider gives for every plan (PUCT Subst. R. §25.475):
/// the Electricity Facts Label, the Terms of Service and Your Rights as a Customer, as standalone HTML pages
/// that read well on a phone and print cleanly.
/// </summary>
public static class PlanDocuments
{
    private const string Retailer = "OSSREP Energy";
    private const string Certificate = "REP Certificate No. 10999 (demo)";
    private static readonly int[] AverageUsages = [500, 1000, 2000];
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    /// <summary>Average price in cents per kWh at a monthly usage: energy charge plus the base charge spread over the usage.</summary>
    public static decimal AveragePriceCents(Plan plan, int kwh) =>
        decimal.Round((plan.RatePerKwh * kwh + plan.BaseCharge * 100m) / kwh, 1, MidpointRounding.AwayFromZero);

    public static string ElectricityFactsLabel(Plan plan)
    {
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"""
            <section aria-labelledby="prices">
              <h2 id="prices">Electricity price</h2>
              <table>
                <caption>Average price per kWh at these monthly usages</caption>
                <thead><tr><th scope="col">Average monthly use</th>{string.Concat(AverageUsages.Select(u => $"<th scope=\"col\">{u:N0} kWh</th>"))}</tr></thead>
                <tbody><tr><th scope="row">Average price per kWh</th>{string.Concat(AverageUsages.Select(u => $"<td>{AveragePriceCents(plan, u):0.0}¢</td>"))}</tr></tbody>
              </table>
              <p>These averages are the energy charge of {Cents(plan.RatePerKwh)} per kWh plus the base charge of {Dollars(plan.BaseCharge)}
                 per billing cycle, divided by the usage. Delivery charges of your TDSP (the utility that owns the poles and wires) are
                 passed through on your bill at cost and are <strong>not</strong> included in these averages.</p>
              <dl>
                <dt>Energy charge</dt><dd>{Cents(plan.RatePerKwh)} per kWh</dd>
                <dt>Base charge</dt><dd>{Dollars(plan.BaseCharge)} per billing cycle</dd>
              </dl>
            </section>
            <section aria-labelledby="disclosures">
              <h2 id="disclosures">Other key terms and questions</h2>
              <dl>
                <dt>Type of product</dt><dd>{Encode(ProductType(plan))}</dd>
                <dt>Contract term</dt><dd>{Encode(Term(plan))}</dd>
                <dt>Early termination fee</dt><dd>{Encode(EarlyTermination(plan))}</dd>
                <dt>Renewable content</dt><dd>{plan.RenewablePercent}% renewable. The Texas statewide average is roughly 33% renewable.</dd>
              </dl>
            </section>
            <section aria-labelledby="about">
              <h2 id="about">About this plan</h2>
              <p>{Encode(plan.Description)}</p>
              <ul>{string.Concat(plan.Features.Select(f => $"<li>{Encode(f)}</li>"))}</ul>
            </section>
            """);
        return Page("Electricity Facts Label", plan, body.ToString());
    }

    public static string TermsOfService(Plan plan)
    {
        var body = string.Create(CultureInfo.InvariantCulture, $"""
            <section aria-labelledby="agreement">
              <h2 id="agreement">1. Our agreement</h2>
              <p>These terms, the Electricity Facts Label (EFL) and Your Rights as a Customer (YRAC) of the plan
                 {Encode(plan.Name)} make up your agreement with {Retailer} ({Certificate}) for retail electric service
                 at the service address you enroll.</p>
            </section>
            <section aria-labelledby="price">
              <h2 id="price">2. Term and price</h2>
              <ul>
                <li>Energy charge: {Cents(plan.RatePerKwh)} per kWh; base charge: {Dollars(plan.BaseCharge)} per billing cycle.</li>
                <li>Product: {Encode(ProductType(plan))}</li>
                <li>Term: {Encode(Term(plan))}, starting on the service start date you chose.</li>
                <li>Your TDSP's delivery charges are passed through at cost.</li>
              </ul>
            </section>
            <section aria-labelledby="billing">
              <h2 id="billing">3. Billing and payment</h2>
              <p>We bill you every month after your meter is read. Payment is due 16 days after the bill is issued.
                 A late payment may be charged a fee of up to 5% of the unpaid balance, as PUCT rules allow.</p>
            </section>
            <section aria-labelledby="etf">
              <h2 id="etf">4. Cancelling early</h2>
              <p>{Encode(EarlyTermination(plan))}</p>
            </section>
            <section aria-labelledby="renewal">
              <h2 id="renewal">5. Renewal</h2>
              <p>For a fixed-term plan we send you a renewal notice at least 30 days before your contract expires, with
                 the plans you may choose. If you choose none, service continues month to month without an early
                 termination fee.</p>
            </section>
            <section aria-labelledby="rescission">
              <h2 id="rescission">6. Right to rescind</h2>
              <p>You may cancel this agreement without any fee within 3 federal business days after you receive these
                 terms, by calling us or in the customer portal.</p>
            </section>
            <section aria-labelledby="deposit">
              <h2 id="deposit">7. Deposits</h2>
              <p>We may ask for a deposit if you do not have satisfactory credit. A deposit will not exceed one-fifth of
                 your estimated annual billing, and it is returned with interest once you have paid on time for 12 months.</p>
            </section>
            <section aria-labelledby="privacy">
              <h2 id="privacy">8. Privacy</h2>
              <p>We do not sell your information. We share it only with your TDSP, ERCOT and others who need it to serve
                 you, or when the law requires it.</p>
            </section>
            <section aria-labelledby="contact">
              <h2 id="contact">9. Contact us</h2>
              <p>Questions or complaints: call our customer care or write to us through the customer portal. If you are
                 not satisfied with how we resolve a complaint, you may contact the Public Utility Commission of Texas
                 (see Your Rights as a Customer).</p>
            </section>
            """);
        return Page("Terms of Service", plan, body);
    }

    public static string YourRightsAsACustomer(Plan plan)
    {
        var body = $"""
            <p>This summarizes the protections the Public Utility Commission of Texas (PUCT) gives every residential and
               small commercial customer (PUCT Substantive Rules §25.471–§25.495). They apply to your plan with {Retailer}.</p>
            <section aria-labelledby="choice">
              <h2 id="choice">Choosing your provider</h2>
              <p>You have the right to choose your retail electric provider. No one may switch your provider without your
                 authorization (“slamming”) or add charges you did not authorize (“cramming”).</p>
            </section>
            <section aria-labelledby="information">
              <h2 id="information">Your information</h2>
              <p>Your account information is confidential. We will not release it without your consent, except to your
                 TDSP, ERCOT, or as the law requires.</p>
            </section>
            <section aria-labelledby="bills">
              <h2 id="bills">Bills and disputes</h2>
              <p>You have the right to a bill that is clear and to an explanation of any charge on it. You may dispute a
                 bill: we will investigate and tell you the result. While a dispute is investigated you need not pay the
                 disputed amount, and your service will not be disconnected for it.</p>
              <p>If you are not satisfied, you may file a complaint with the Public Utility Commission of Texas,
                 Customer Protection Division, P.O. Box 13326, Austin, TX 78711-3326; telephone 1-888-782-8477;
                 www.puc.texas.gov.</p>
            </section>
            <section aria-labelledby="disconnection">
              <h2 id="disconnection">Protection from disconnection</h2>
              <p>We must send written notice at least 10 days before your service can be disconnected for non-payment.
                 Service may not be disconnected on weekends or holidays, during an extreme-weather emergency, or for a
                 customer designated as critical care or chronic condition while that designation is in effect.
                 Ask us about deferred payment plans and bill-payment assistance if you have trouble paying.</p>
            </section>
            <section aria-labelledby="deposits">
              <h2 id="deposits">Deposits</h2>
              <p>A deposit may be required only under PUCT rules, is limited in amount, and is returned with interest.</p>
            </section>
            <section aria-labelledby="fairness">
              <h2 id="fairness">Fair treatment</h2>
              <p>We may not refuse service or treat you differently because of race, color, religion, nationality, sex,
                 marital status, income level, source of income, disability, or the area where you live.</p>
            </section>
            """;
        return Page("Your Rights as a Customer", plan, body);
    }

    private static string Page(string title, Plan plan, string body) => $$"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} — {{Encode(plan.Name)}} — {{Retailer}}</title>
        <style>
          body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b; background: #fff;
                 max-width: 46rem; margin: 0 auto; padding: 1rem; line-height: 1.5; }
          header { border-bottom: 3px solid #1b1b1b; margin-bottom: 1rem; }
          h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
          h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
          .meta { color: #3d3d3d; margin: 0 0 .75rem; }
          table { width: 100%; border-collapse: collapse; margin: .5rem 0; }
          caption { text-align: left; font-weight: 600; padding-bottom: .25rem; }
          th, td { border: 1px solid #1b1b1b; padding: .4rem .5rem; text-align: left; }
          thead th { background: #e8e8e8; }
          dt { font-weight: 600; }
          dd { margin: 0 0 .5rem 0; }
          @media (max-width: 30rem) { th, td { padding: .3rem; font-size: .9rem; } }
          @media print { body { max-width: none; padding: 0; } a { color: inherit; } }
        </style>
        </head>
        <body>
        <header>
          <h1>{{title}}</h1>
          <p class="meta">{{Encode(plan.Name)}} · {{Retailer}} · {{Certificate}} · Plan {{plan.Id.ToString(CultureInfo.InvariantCulture)}}</p>
        </header>
        <main>
        {{body}}
        </main>
        </body>
        </html>
        """;

    private static string ProductType(Plan plan) => plan.PlanType switch
    {
        PlanTypes.Fixed => "Fixed rate: your energy price does not change during the contract term, except for changes in TDSP charges or changes required by law or regulation.",
        PlanTypes.Indexed => "Indexed rate: your energy price follows a published market index by a formula stated in these terms.",
        _ => "Variable rate: your energy price may change from one billing cycle to the next.",
    };

    private static string Term(Plan plan) => plan.TermMonths == 1 && plan.PlanType == PlanTypes.Variable
        ? "Month-to-month"
        : string.Create(CultureInfo.InvariantCulture, $"{plan.TermMonths} month{(plan.TermMonths == 1 ? "" : "s")}");

    private static string EarlyTermination(Plan plan) => plan.EarlyTerminationFee == 0
        ? "None. You may cancel at any time without a fee."
        : string.Create(CultureInfo.InvariantCulture,
            $"{Dollars(plan.EarlyTerminationFee)} if you cancel before the end of the term. It is waived if you cancel within the last 14 days of the term, or if you move out and give us proof of the move.");

    private static string Cents(decimal value) => string.Create(CultureInfo.InvariantCulture, $"{value / 1.000000000000000000000000000000000m}¢");

    private static string Dollars(decimal value) => value.ToString("$#,##0.00", CultureInfo.InvariantCulture);

    private static string Encode(string text) => Html.Encode(text);
}
