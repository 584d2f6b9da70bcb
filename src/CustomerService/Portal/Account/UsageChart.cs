using CustomerService.Common;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace CustomerService.Portal.Account;

/// <summary>
/// A bar chart of consumption between meter reads, drawn on the server as SVG: no script, sharp at any size,
/// printable, with a title and description for screen readers (the page also offers the figures as a table).
/// </summary>
public static class UsageChart
{
    private const int Width = 720, Height = 300, Left = 80, Right = 16, Top = 44, Bottom = 44;

    public static IHtmlContent Render(string title, IReadOnlyList<(DateOnly Date, decimal Kwh)> points)
    {
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var max = NiceCeiling(points.Count == 0 ? 0 : points.Max(p => p.Kwh));
        var total = points.Sum(p => p.Kwh);
        var svg = new StringBuilder();
        var id = "usage-chart";
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{WebUtility.HtmlEncode(title)}</title>");
        var description = points.Count == 0
            ? "No usage between readings yet."
            : $"{points.Count} periods from {Dates.Long(points[0].Date)} to {Dates.Long(points[^1].Date)}; {Number(total)} kWh in all, at most {Number(points.Max(p => p.Kwh))} kWh in one period.";
        svg.Append(CultureInfo.InvariantCulture, $"<desc id=\"{id}-desc\">{WebUtility.HtmlEncode(description)}</desc>");

        // Horizontal grid lines and kWh labels.
        const int ticks = 4;
        for (var i = 0; i <= ticks; i++)
        {
            var value = max * i / ticks;
            var y = Top + plotHeight - plotHeight * i / (double)ticks;
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text{(i % 2 == 1 ? " class=\"minor\"" : "")} x=\"{Left - 8}\" y=\"{y:0.#}\" text-anchor=\"end\" dominant-baseline=\"middle\">{Number(value)}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 8}\" y=\"{Top - 20}\" text-anchor=\"end\" font-weight=\"bold\">kWh</text>");

        if (points.Count > 0)
        {
            var slot = plotWidth / (double)points.Count;
            var bar = Math.Max(1, slot * 0.7);
            var labelEvery = Math.Max(1, (int)Math.Ceiling(points.Count / 8.0));
            var thinOnPhones = (points.Count + labelEvery - 1) / labelEvery > 4; // more than four date labels
            for (var i = 0; i < points.Count; i++)
            {
                var (date, kwh) = points[i];
                var h = max == 0 ? 0 : plotHeight * (double)(kwh / max);
                var x = Left + slot * i + (slot - bar) / 2;
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{x:0.##}\" y=\"{Top + plotHeight - h:0.##}\" width=\"{bar:0.##}\" height=\"{h:0.##}\"><title>{Dates.Long(date)}: {Number(kwh)} kWh</title></rect>");
                // With more than four date labels every other one is "minor": a phone hides those and shows the rest larger (portal.css).
                if (i % labelEvery == 0)
                    svg.Append(CultureInfo.InvariantCulture, $"<text{(thinOnPhones && i / labelEvery % 2 == 1 ? " class=\"minor\"" : "")} x=\"{Left + slot * i + slot / 2:0.##}\" y=\"{Height - Bottom + 24}\" text-anchor=\"middle\">{date:MMM d}</text>");
            }
        }
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Top + plotHeight}\" y2=\"{Top + plotHeight}\"/>");
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    /// <summary>1, 2, 2.5 or 5 times a power of ten, at or above the value, so the grid reads in round numbers.</summary>
    internal static decimal NiceCeiling(decimal value)
    {
        if (value <= 0) return 10;
        var magnitude = (decimal)Math.Pow(10, Math.Floor(Math.Log10((double)value)));
        foreach (var step in new[] { 1m, 2m, 2.5m, 5m, 10m })
        {
            if (value <= step * magnitude) return step * magnitude;
        }
        return 10 * magnitude;
    }

    private static string Number(decimal value) => value.ToString("#,##0.##", CultureInfo.InvariantCulture);
}
