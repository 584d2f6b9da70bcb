using CustomerService.Common;
using CustomerService.Features.Plans.Documents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace CustomerService.Features.Plans;

public static class PlanEndpoints
{
    public static RouteGroupBuilder MapPlanEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/plans", GetPlans).WithName("GetPlans").WithSummary("Plans offered at a ZIP code");
        group.MapGet("/plans/{planId:long}", GetPlan).WithName("GetPlan").WithSummary("One plan with links to its EFL, TOS and YRAC");
        group.MapGet("/plans/{planId:long}/{document}", GetDocument).WithName("GetPlanDocument")
            .WithSummary("A plan's Electricity Facts Label (efl), Terms of Service (tos) or Your Rights as a Customer (yrac), as HTML")
            .Produces(StatusCodes.Status200OK, contentType: "text/html");
        return group;
    }

    /// <summary>
    /// ZIP outside every served territory → 200 with an empty list; a malformed ZIP → 400. The busiest anonymous read:
    /// the plans' JSON is made once per territory and reference-data snapshot (<see cref="PlanCatalog.PlansOfferedAtJsonAsync"/>),
    /// and each request only wraps it (<see cref="AvailablePlansJson"/>).
    /// </summary>
    public static async Task<Results<AvailablePlansJson, ValidationProblem>> GetPlans(
        string? zip, PlanCatalog catalog, IOptions<JsonOptions> json, CancellationToken ct)
    {
        if (!Zip.TryParse(zip, out var parsed))
        {
            var errors = new ValidationErrors();
            errors.Add("zip", zip is null ? "The zip query parameter is required, e.g. ?zip=75001." : "A ZIP code is 5 digits, e.g. 75001.");
            return Problems.Validation(errors);
        }
        return new AvailablePlansJson(parsed.Value, await catalog.PlansOfferedAtJsonAsync(parsed, json.Value.SerializerOptions, ct), json.Value.SerializerOptions);
    }

    public static async Task<Results<Ok<PlanResponse>, ProblemHttpResult>> GetPlan(long planId, PlanCatalog catalog, CancellationToken ct)
    {
        var plan = await catalog.FindAsync(planId, ct);
        return plan is null
            ? Problems.NotFound("Plan not found", $"There is no plan {planId}. GET /api/enrollment/plans?zip=… lists the plans offered at a ZIP code.")
            : TypedResults.Ok(PlanResponse.From(plan));
    }

    public static async Task<Results<RazorComponentResult<ElectricityFactsLabel>, RazorComponentResult<TermsOfService>, RazorComponentResult<YourRightsAsACustomer>, ProblemHttpResult>> GetDocument(
        long planId, string document, PlanCatalog catalog, CancellationToken ct)
    {
        var kind = document.ToLowerInvariant();
        if (kind is not ("efl" or "tos" or "yrac"))
            return Problems.NotFound("Document not found", $"Plans have three documents: efl, tos and yrac; '{document}' is none of them.");
        var plan = await catalog.FindAsync(planId, ct);
        if (plan is null)
            return Problems.NotFound("Plan not found", $"There is no plan {planId}.");
        var parameters = new { Plan = plan };
        return kind switch
        {
            "efl" => new RazorComponentResult<ElectricityFactsLabel>(parameters),
            "tos" => new RazorComponentResult<TermsOfService>(parameters),
            _ => new RazorComponentResult<YourRightsAsACustomer>(parameters),
        };
    }
}
