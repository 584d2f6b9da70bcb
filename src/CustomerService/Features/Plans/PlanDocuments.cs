using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace CustomerService.Features.Plans;

/// <summary>
/// The three disclosure documents a Texas retail electric provider gives for a plan, as standalone HTML pages:
/// the Electricity Facts Label (16 TAC §25.475), the Terms of Service and Your Rights as a Customer.
/// </summary>
public static class PlanDocuments
{
    private const string Retailer = "OSSREP Energy";
    private const string Certificate = "REP Certificate No. 10999 (demo)";
    private const string Phone = "1-800-555-0199";
    private const string PhoneHref = "tel:+18005550199";
    private const string Email = "support@ossrep.example";
    private const string Hours = "Monday to Friday, 8 a.m. to 6 p.m. Central Time";
    private const int StatewideRenewablePercent = 33;

    private static readonly int[] UsageLevels = [500, 1000, 2000];

    private const string Css = """
        :root { color-scheme: light; }
        *, *::before, *::after { box-sizing: border-box; }
        body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 1rem; line-height: 1.55; color: #1a1a1a; background: #fff; overflow-wrap: break-word; }
        header, main, footer { max-width: 46rem; margin: 0 auto; padding: 1rem; }
        header { border-bottom: 4px solid #0b4f6c; }
        .retailer { margin: 0; font-weight: 700; color: #0b4f6c; }
        .certificate { margin: 0; font-size: .875rem; color: #4a4a4a; }
        h1 { margin: .5rem 0 .25rem; font-size: 1.6rem; line-height: 1.2; }
        .plan { margin: 0; font-size: 1.125rem; }
        h2 { margin: 1.75rem 0 .5rem; padding-bottom: .25rem; font-size: 1.2rem; line-height: 1.3; color: #0b4f6c; border-bottom: 1px solid #b7c6cf; }
        p, ul, address { margin: .5rem 0; }
        ul { padding-left: 1.25rem; }
        li + li { margin-top: .25rem; }
        address { font-style: normal; }
        table { width: 100%; margin: 1rem 0; border-collapse: collapse; }
        caption { padding-bottom: .35rem; text-align: left; font-weight: 700; }
        th, td { padding: .5rem; border: 1px solid #6b7780; text-align: left; vertical-align: top; }
        thead th { background: #e6eef2; }
        .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .note { margin: 1rem 0; padding: .75rem 1rem; background: #f2f6f8; border-left: 4px solid #0b4f6c; }
        a { color: #0b4f6c; }
        footer { border-top: 1px solid #b7c6cf; font-size: .875rem; color: #4a4a4a; }
        @media (max-width: 30rem) {
          body { font-size: .9375rem; }
          h1 { font-size: 1.4rem; }
          th, td { padding: .4rem .3rem; }
        }
        @page { margin: 1.5cm; }
        @media print {
          body { font-size: 11pt; color: #000; }
          header, main, footer { max-width: none; padding: 0; }
          header { margin-bottom: 1rem; }
          footer { margin-top: 1.5rem; padding-top: .5rem; }
          h2 { break-after: avoid; }
          table, .note { break-inside: avoid; }
          thead th, .note { background: none; }
          a { color: #000; }
          a[href^="http"]::after { content: " (" attr(href) ")"; }
        }
        """;

    /// <summary>(energy charge × kWh + base charge) ÷ kWh, in cents per kWh rounded to one decimal; TDSP charges excluded.</summary>
    public static decimal AveragePriceCents(Plan plan, int kwh)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kwh);
        return Math.Round((plan.RatePerKwh * kwh + plan.BaseCharge * 100m) / kwh, 1, MidpointRounding.AwayFromZero);
    }

    public static string ElectricityFactsLabel(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var main = new StringBuilder();

        main.Append($"""
            <p>{Retailer} sells you electricity. Your <strong>Transmission and Distribution Service Provider (TDSP)</strong> —
            the utility for your service address, such as Oncor, CenterPoint, AEP Texas, TNMP or Lubbock Power &amp; Light —
            owns the poles and wires, reads your meter and restores power after outages. Its delivery charges are set by
            the Public Utility Commission of Texas (PUCT).</p>
            <section>
            <h2>Electricity price</h2>
            <table>
            <caption>Average Monthly Use</caption>
            <thead>
            <tr><td></td>
            """);
        foreach (var kwh in UsageLevels)
            main.Append($"""<th scope="col" class="num">{Kwh(kwh)}</th>""");
        main.Append("""
            </tr>
            </thead>
            <tbody>
            <tr><th scope="row">Average price per kWh</th>
            """);
        foreach (var kwh in UsageLevels)
            main.Append($"""<td class="num">{Cents(AveragePriceCents(plan, kwh))}</td>""");
        main.AppendLine("""
            </tr>
            </tbody>
            </table>
            """);

        var energyAt1000 = Math.Round(plan.RatePerKwh * 1000 / 100, 2, MidpointRounding.AwayFromZero);
        main.AppendLine(plan.BaseCharge == 0
            ? $"""
                <p>This plan has no base charge, so the average price is the energy charge of <strong>{Cents(plan.RatePerKwh)} per kWh</strong>
                at every level of use.</p>
                """
            : $"""
                <p>The average price is the energy charge of <strong>{Cents(plan.RatePerKwh)} per kWh</strong> plus the base charge of
                <strong>{Dollars(plan.BaseCharge)} per billing cycle</strong>, divided by the kWh you use. For example, at {Kwh(1000)}
                the energy charge is 1,000 × {Cents(plan.RatePerKwh)} = {Dollars(energyAt1000)}; adding the {Dollars(plan.BaseCharge)}
                base charge gives {Dollars(energyAt1000 + plan.BaseCharge)}, and {Dollars(energyAt1000 + plan.BaseCharge)} ÷ 1,000 kWh =
                {Cents(AveragePriceCents(plan, 1000))} per kWh, rounded to the nearest tenth of a cent. Because the base charge is
                spread over fewer kWh, the average price is higher when you use less electricity.</p>
                """);

        main.AppendLine($"""
            <p class="note"><strong>TDSP delivery charges are not included in these averages.</strong> Your TDSP's delivery charges are
            passed through to you separately on your bill, at the rates the PUCT approves and without mark-up. They are not part of
            the average prices above, so the total you pay per kWh will be higher than shown.</p>
            <p>Your actual average price depends on how much electricity you use each billing cycle.</p>
            </section>
            <section>
            <h2>Type of product</h2>
            {ProductType(plan)}
            </section>
            <section>
            <h2>Contract term</h2>
            <p><strong>{ContractTerm(plan)}</strong></p>
            </section>
            <section>
            <h2>Early termination fee</h2>
            {EarlyTermination(plan)}
            </section>
            <section>
            <h2>Renewable content</h2>
            <p><strong>{Number(plan.RenewablePercent)}% renewable</strong></p>
            <p>{RenewableComparison(plan.RenewablePercent)}</p>
            </section>
            """);

        if (plan.Features.Count > 0)
        {
            main.AppendLine($"""
                <section>
                <h2>Plan features</h2>
                {List(plan.Features)}
                </section>
                """);
        }

        main.AppendLine($"""
            <section>
            <h2>About this plan</h2>
            <p>{Encode(plan.Description)}</p>
            <p>The Terms of Service and Your Rights as a Customer for this plan give the full terms and your protections.</p>
            </section>
            """);

        return Page("Electricity Facts Label", plan, main);
    }

    public static string TermsOfService(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var main = new StringBuilder();
        var name = Encode(plan.Name);

        main.AppendLine($"""
            <section>
            <h2>Our agreement</h2>
            <p>These Terms of Service, together with the Electricity Facts Label (EFL) and Your Rights as a Customer (YRAC) for
            <strong>{name}</strong>, are your agreement with {Retailer}, {Certificate}, for retail electric service. Please keep
            them. If you have questions, contact us using the details at the end of this document.</p>
            <p>{Retailer} sells you electricity. Your Transmission and Distribution Service Provider (TDSP) delivers it, reads your
            meter and restores power after outages. For an outage or an emergency, call your TDSP; its number is on your bill.</p>
            </section>
            <section>
            <h2>Term and price</h2>
            <table>
            <caption>Your plan at a glance</caption>
            <tbody>
            <tr><th scope="row">Plan</th><td>{name}</td></tr>
            <tr><th scope="row">Type of product</th><td>{ProductTypeName(plan)}</td></tr>
            <tr><th scope="row">Energy charge</th><td>{Cents(plan.RatePerKwh)} per kWh</td></tr>
            <tr><th scope="row">Base charge</th><td>{Dollars(plan.BaseCharge)} per billing cycle</td></tr>
            <tr><th scope="row">Contract term</th><td>{ContractTerm(plan)}</td></tr>
            <tr><th scope="row">Early termination fee</th><td>{EarlyTerminationFee(plan)}</td></tr>
            </tbody>
            </table>
            {ProductType(plan)}
            <p>Your TDSP's delivery charges are passed through to you at the rates the PUCT approves, without mark-up, and are
            shown separately on your bill. Taxes and fees required by law are added as well.</p>
            </section>
            <section>
            <h2>Billing and payment</h2>
            <p>We send you a bill every month, based on the meter readings your TDSP gives us. Your payment is due
            <strong>16 days after the date the bill is issued</strong>; the due date is printed on the bill.</p>
            <p>If you cannot pay a bill in full, contact us before the due date to ask about a deferred payment plan. If a bill is
            not paid, we may begin disconnection only after the written notice and the protections described in Your Rights as a
            Customer.</p>
            </section>
            <section>
            <h2>Early termination fee</h2>
            {EarlyTermination(plan)}
            </section>
            <section>
            <h2>Renewal notice</h2>
            {Renewal(plan)}
            </section>
            <section>
            <h2>Cancellation and your right of rescission</h2>
            <p>You may cancel this agreement <strong>without any fee or penalty within 3 federal business days</strong> after you
            receive these Terms of Service. To cancel, call us at {Phone} or email {Email}.</p>
            <p>After that period you may still cancel at any time{(plan.EarlyTerminationFee > 0 ? ", subject to the early termination fee described above" : " at no cost")}.
            We may end this agreement if you do not pay, following the notice requirements of the PUCT rules.</p>
            </section>
            <section>
            <h2>Deposits</h2>
            <p>We may ask for a deposit if you cannot show satisfactory credit, for example with a letter of good payment history
            from a previous electric provider. PUCT rules limit the amount, exempt some customers, and require us to pay interest
            and to refund or credit the deposit once you have a good payment record or when your service ends. Your Rights as a
            Customer explains the details.</p>
            </section>
            <section>
            <h2>Privacy</h2>
            <p><strong>We do not sell your customer information.</strong> We share it only as needed to serve you (for example with
            your TDSP and ERCOT, the Texas grid operator), to collect unpaid bills, or when the law requires it. We release it to
            anyone else only with your permission.</p>
            </section>
            <section>
            <h2>Contact us</h2>
            {Contact()}
            <p>If we cannot resolve a complaint, you may contact the Public Utility Commission of Texas, as described in Your Rights
            as a Customer.</p>
            </section>
            """);

        return Page("Terms of Service", plan, main);
    }

    public static string YourRightsAsACustomer(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var main = new StringBuilder();

        main.AppendLine($"""
            <p>This is a plain-language summary of the customer protection rules of the Public Utility Commission of Texas (PUCT),
            16 Texas Administrative Code §25.471 to §25.495. It applies to your electric service from <strong>{Retailer}</strong>
            under the plan <strong>{Encode(plan.Name)}</strong>. Where this summary and the rules differ, the rules apply.</p>
            <section>
            <h2>Your right to choose</h2>
            <p>You may choose any retail electric provider (REP) certified by the PUCT. Whichever provider you choose, your TDSP
            still delivers your electricity, reads your meter and restores power after outages, with the same reliability.</p>
            <p>Before you enroll you are entitled to the Electricity Facts Label, the Terms of Service and this document, so you
            can compare offers. You can ask us for copies at any time.</p>
            </section>
            <section>
            <h2>No switching without your permission (slamming)</h2>
            <p>No provider may switch your electric service without your authorization. If you are switched without it, tell the
            provider that switched you and us, or contact the PUCT. You will be returned to the provider you chose without charge
            for the switch, and you will not pay more than your chosen provider would have charged.</p>
            </section>
            <section>
            <h2>No unauthorized charges (cramming)</h2>
            <p>Your bill may include only charges for products and services you have agreed to. If you find a charge you did not
            authorize, tell us: we must investigate, remove the charge, and refund or credit any amount you paid for it.</p>
            </section>
            <section>
            <h2>Privacy of your information</h2>
            <p>We may not release your name, address, account number, usage or payment history to anyone without your permission,
            except as needed to provide your service (for example to your TDSP and ERCOT), to collect an unpaid bill, for credit
            reporting, or when the law requires it. We do not sell your information. You may ask us for your own usage and payment
            history.</p>
            </section>
            <section>
            <h2>Your bill and the right to an explanation</h2>
            <p>Your bill must be clear and show each charge, the due date, and how to reach us. You have the right to ask us to
            explain any charge on it. Payment is due no sooner than 16 days after the bill is issued.</p>
            </section>
            <section>
            <h2>Disputes and complaints</h2>
            <p>If you disagree with a bill or are unhappy with our service, contact us first. We must investigate and tell you the
            result, and you may ask for a supervisor to review it. While a disputed amount is being investigated you must pay the
            part you do not dispute, but your service cannot be disconnected for not paying the disputed part.</p>
            <p>If you are not satisfied with our answer, you can file a complaint with the PUCT:</p>
            <address>
            Public Utility Commission of Texas<br>
            Customer Protection Division<br>
            P.O. Box 13326<br>
            Austin, TX 78711-3326<br>
            Phone: <a href="tel:+18887828477">1-888-782-8477</a> (toll free)<br>
            Web: <a href="https://www.puc.texas.gov/">www.puc.texas.gov</a>
            </address>
            <p>If you are deaf, hard of hearing or have a speech disability, you can reach the PUCT through Relay Texas by dialing
            7-1-1.</p>
            </section>
            <section>
            <h2>Protection from disconnection</h2>
            <ul>
            <li>Before service can be disconnected for nonpayment, we must send you a written disconnection notice, and the
            disconnection date must be at least 10 days after the notice is issued.</li>
            <li>Service cannot be disconnected for an amount under dispute while it is being investigated, for a previous
            occupant's bill, or for charges for anything other than electric service.</li>
            <li><strong>Critical care and chronic conditions:</strong> if someone in your home depends on electric-powered
            life-support equipment or has a serious medical condition, you can apply to be designated a Critical Care or Chronic
            Condition Residential Customer. Your physician signs the application, which goes to your TDSP; ask us for the form. The
            designation gives you extra notice and protection before disconnection, but it does not excuse payment or guarantee
            power during outages, so keep a backup plan.</li>
            <li>If disconnection would make someone in your home seriously ill, your physician can contact us and the disconnection
            may be postponed (for up to 63 days) while you enter into a deferred payment plan.</li>
            <li><strong>Extreme weather:</strong> residential service may not be disconnected for nonpayment during an extreme
            weather emergency, such as freezing temperatures or a National Weather Service heat advisory for your county. The PUCT
            may also order a temporary ban (moratorium) on disconnections, for example during a statewide weather emergency.</li>
            </ul>
            </section>
            <section>
            <h2>Deferred payment plans</h2>
            <p>If you cannot pay a bill in full, ask us for a deferred payment plan, which spreads what you owe over later bills
            while you keep paying your current bills. PUCT rules require us to offer one in certain situations, such as after an
            extreme weather emergency or when you were underbilled. You can also call 2-1-1 Texas to find bill payment assistance
            in your area.</p>
            </section>
            <section>
            <h2>Deposits</h2>
            <ul>
            <li>We may ask for a deposit if you cannot show satisfactory credit. You may be able to avoid one, for example with a
            letter showing a good payment history with a previous electric provider.</li>
            <li>A residential deposit may not be more than the greater of one-fifth of your estimated yearly bills or your
            estimated bills for the next two months.</li>
            <li>Customers aged 65 or older who owe no past balance, and victims of family violence certified by a family violence
            center, do not have to pay a deposit.</li>
            <li>Deposits earn interest at a rate the PUCT sets each year. We must return or credit your deposit once you have
            built a good payment record, or with your final bill when service ends.</li>
            </ul>
            </section>
            <section>
            <h2>No discrimination</h2>
            <p>We may not refuse service or treat you differently because of your race, creed, color, national origin, ancestry,
            sex, marital status, lawful source of income, disability, familial status, location in an economically distressed
            area, or because you qualify for low-income or energy-efficiency programs.</p>
            </section>
            <section>
            <h2>Contact us</h2>
            {Contact()}
            </section>
            """);

        return Page("Your Rights as a Customer", plan, main);
    }

    private static string Page(string title, Plan plan, StringBuilder main) => $"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{title}: {Encode(plan.Name)} · {Retailer}</title>
        <style>
        {Css}
        </style>
        </head>
        <body>
        <header>
        <p class="retailer">{Retailer}</p>
        <p class="certificate">{Certificate}</p>
        <h1>{title}</h1>
        <p class="plan">Plan: <strong>{Encode(plan.Name)}</strong></p>
        </header>
        <main>
        {main}
        </main>
        <footer>
        <p>{Retailer} · {Certificate} · Plan ID {Number(plan.Id)}</p>
        <p>Customer care: <a href="{PhoneHref}">{Phone}</a> · <a href="mailto:{Email}">{Email}</a></p>
        </footer>
        </body>
        </html>

        """;

    private static string ProductTypeName(Plan plan) => plan.PlanType switch
    {
        PlanTypes.Fixed => "Fixed rate",
        PlanTypes.Variable => "Variable rate",
        PlanTypes.Indexed => "Indexed rate",
        _ => Encode(plan.PlanType),
    };

    private static string ProductType(Plan plan) => plan.PlanType switch
    {
        PlanTypes.Fixed => """
            <p><strong>Fixed rate.</strong> Your price does not change during the contract term, except for changes in TDSP
            delivery charges or changes required by federal, state or local laws or regulatory actions.</p>
            """,
        PlanTypes.Variable => """
            <p><strong>Variable rate.</strong> Your price may change monthly, up or down. The price shown is the current price;
            your bill shows the price for each billing cycle.</p>
            """,
        PlanTypes.Indexed => """
            <p><strong>Indexed rate.</strong> Your price changes each billing cycle with a published market index, so it may go up
            or down. The price shown is based on the current value of the index.</p>
            """,
        _ => $"<p><strong>{Encode(plan.PlanType)}.</strong></p>",
    };

    private static bool IsMonthToMonth(Plan plan) => plan.TermMonths == 1 && plan.PlanType == PlanTypes.Variable;

    private static string ContractTerm(Plan plan) =>
        IsMonthToMonth(plan) ? "Month-to-month"
        : plan.TermMonths == 1 ? "1 month"
        : $"{Number(plan.TermMonths)} months";

    private static string EarlyTerminationFee(Plan plan) =>
        plan.EarlyTerminationFee > 0 ? Dollars(plan.EarlyTerminationFee) : "None";

    private static string EarlyTermination(Plan plan) => plan.EarlyTerminationFee > 0
        ? $"""
            <p><strong>{Dollars(plan.EarlyTerminationFee)}</strong></p>
            <p>If you end this contract before its term is over, you owe an early termination fee of
            {Dollars(plan.EarlyTerminationFee)}. The fee is waived if you cancel within the last 14 days of the term. You also
            do not owe it if you move out of the service address and give us proof of the move, such as a forwarding address.</p>
            """
        : """
            <p><strong>None</strong></p>
            <p>You may end this plan at any time without a cancellation fee.</p>
            """;

    private static string Renewal(Plan plan) => IsMonthToMonth(plan)
        ? """
            <p>This is a month-to-month plan with no fixed term, so it does not expire. You may switch plans or providers at any
            time.</p>
            """
        : $"""
            <p>Your contract lasts {ContractTerm(plan)}. We will send you a written notice <strong>at least 30 days before your
            fixed-term contract expires</strong>, explaining your renewal options and what happens if you do not choose one. You
            are free to choose a new plan with us or another provider.</p>
            """;

    private static string RenewableComparison(int percent)
    {
        // The statewide figure is approximate and changes every year, so near it we say "about the same" rather than more or less.
        var comparison = Math.Abs(percent - StatewideRenewablePercent) <= 3 ? "about the same as"
            : percent > StatewideRenewablePercent ? "more than"
            : "less than";
        return $"""
            This product is {Number(percent)}% renewable. That is {comparison} the approximate statewide average in Texas,
            which is roughly {Number(StatewideRenewablePercent)}% and changes from year to year.
            """;
    }

    private static string Contact() => $"""
        <address>
        {Retailer}<br>
        Phone: <a href="{PhoneHref}">{Phone}</a> ({Hours})<br>
        Email: <a href="mailto:{Email}">{Email}</a>
        </address>
        """;

    private static string List(IEnumerable<string> items)
    {
        var html = new StringBuilder("<ul>");
        foreach (var item in items)
            html.Append("<li>").Append(Encode(item)).Append("</li>");
        return html.Append("</ul>").ToString();
    }

    private static string Encode(string value) => HtmlEncoder.Default.Encode(value);

    private static string Number(long value) => Encode(value.ToString(CultureInfo.InvariantCulture));

    private static string Kwh(int kwh) => Encode(kwh.ToString("N0", CultureInfo.InvariantCulture)) + " kWh";

    // The ¢ sign stays outside the encoder, which would turn it into a numeric character reference.
    private static string Cents(decimal cents) => Encode(cents.ToString("0.0##", CultureInfo.InvariantCulture)) + "¢";

    private static string Dollars(decimal dollars) => "$" + Encode(dollars.ToString("N2", CultureInfo.InvariantCulture));
}
