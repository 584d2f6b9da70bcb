using System.Text.Json;
using System.Text.Json.Nodes;
using CustomerService.Common;
using CustomerService.Features.Accounts;
using CustomerService.Features.Customers;
using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Outbox;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.Premises;

public static class PremiseEndpoints
{
    /// <summary>What a customer may change on a premise: its nickname and whether it is the account's primary premise.</summary>
    private static readonly HashSet<string> Changeable = new(StringComparer.Ordinal) { "nickname", "isPrimary" };
    private static readonly HashSet<string> AddressFields = new(StringComparer.Ordinal) { "street", "unit", "city", "state", "zip", "esiId" };

    public static RouteGroupBuilder MapPremiseEndpoints(this RouteGroupBuilder api)
    {
        var premises = api.MapGroup("/premises").WithTags("Premises").ProducesProblem(StatusCodes.Status403Forbidden);
        premises.MapGet("/{premiseId:long}", Get).WithName("GetPremise").FindsCustomerInStatement();
        premises.MapPut("/{premiseId:long}", Update).WithName("UpdatePremise");
        premises.MapPost("/{premiseId:long}/set-primary", SetPrimary).WithName("SetPrimaryPremise");
        premises.MapGet("/{premiseId:long}/meters", Meters).WithName("ListPremiseMeters").FindsCustomerInStatement();
        premises.MapGet("/{premiseId:long}/stop", GetStop).WithName("GetServiceStop");
        premises.MapPost("/{premiseId:long}/stop", Stop).WithName("StopService")
            .WithSummary("Stop service at the premise (move-out) on a date from tomorrow to 90 days ahead; occupier or agent")
            .ProducesProblem(StatusCodes.Status409Conflict);
        premises.MapPost("/{premiseId:long}/move", Move).WithName("MoveService")
            .WithSummary("Move: stop at this premise and start at a new address, together or not at all (Idempotency-Key supported)")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(Enrollment.EnrollmentEndpoints.MaxBodyBytes))
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        premises.MapDelete("/{premiseId:long}/stop", WithdrawStop).WithName("WithdrawServiceStop")
            .WithSummary("Withdraw a scheduled stop before its stop date").ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<Results<Ok<PremiseResponse>, ProblemHttpResult>> Get(long premiseId, ActingCustomer acting, AccountAccess access, CustomerDbContext db, CancellationToken ct) =>
        (await CustomerPremises.GetAsync(premiseId, acting, access, db, ct)).ToOkOrProblem();

    /// <summary>PUT accepts nickname and isPrimary; the address is fixed by the premise's ESI ID (a move is a new enrollment).</summary>
    public static async Task<Results<Ok<PremiseResponse>, ValidationProblem, ProblemHttpResult>> Update(
        long premiseId, JsonObject? request, ActingCustomer acting, AccountAccess access, CustomerDbContext db, TimeProvider time, CancellationToken ct)
    {
        var found = await access.PremiseAsync(acting.CustomerId, premiseId, ct);
        if (found is null) return NotFound(premiseId);
        if (!AccountPermissions.Allows(found.Value.Roles, AccountPermission.Manage)) return AccountRefusals.ForRole("change this premise").ToProblem();

        var errors = new ValidationErrors();
        if (request is null) errors.AddMissingBody();
        else if (Infrastructure.Http.JsonNodeTextRule.Find(request) is { } refused)
        {
            errors.Add(refused.Field, refused.Why);
            return Problems.Validation(errors);
        }
        string? nickname = null;
        bool? isPrimary = null;
        foreach (var (name, value) in request ?? [])
        {
            if (AddressFields.Contains(name))
                errors.Add(name, "The service address is fixed by the premise's ESI ID and cannot be changed. Moving is a new enrollment at the new address.");
            else if (name == "nickname")
            {
                if (value is not null && (value.GetValueKind() != JsonValueKind.String)) errors.Add(name, "Nickname is text.");
                else
                {
                    nickname = value?.GetValue<string>() ?? "";
                    Text.Optional(nickname, name, "Nickname", 100, errors);
                }
            }
            else if (name == "isPrimary")
            {
                if (value?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)) errors.Add(name, "isPrimary is true or false.");
                else if (!value.GetValue<bool>() && found.Value.Premise.IsPrimary)
                    errors.Add(name, "An account always has one primary premise: make another premise primary instead.");
                else isPrimary = value.GetValue<bool>();
            }
        }
        if (!errors.IsEmpty) return Problems.Validation(errors);

        var now = time.GetUtcNow().UtcDateTime;
        return await db.InTransactionAsync<Results<Ok<PremiseResponse>, ValidationProblem, ProblemHttpResult>>(async (tx, ct) =>
        {
            // The premise found above (the same instance, unless this is a retry that reads it again).
            if (await access.PremiseAsync(acting.CustomerId, premiseId, ct) is not { Premise: var premise }) return NotFound(premiseId);
            var changed = false;
            if (nickname is not null && Text.Clean(nickname) != premise.Nickname)
            {
                premise.Nickname = Text.Clean(nickname);
                changed = true;
            }
            if (isPrimary == true && !premise.IsPrimary)
            {
                await MakePrimaryAsync(db, premise, ct);
                changed = true;
            }
            if (changed) await RecordAsync(db, acting, premise, now, ct);
            await tx.CommitAsync(ct);
            return TypedResults.Ok((await PremiseViews.WithMetersAsync(db, [premise], ct))[0]);
        }, ct);
    }

    public static async Task<Results<Ok<PremiseResponse>, ProblemHttpResult>> SetPrimary(
        long premiseId, ActingCustomer acting, AccountAccess access, CustomerDbContext db, TimeProvider time, CancellationToken ct)
    {
        var found = await access.PremiseAsync(acting.CustomerId, premiseId, ct);
        if (found is null) return NotFound(premiseId);
        if (!AccountPermissions.Allows(found.Value.Roles, AccountPermission.Manage)) return AccountRefusals.ForRole("change this premise").ToProblem();
        var premise = found.Value.Premise;
        if (!premise.IsPrimary)
        {
            premise = await db.InTransactionAsync(async (tx, ct) =>
            {
                // The premise found above (the same instance, unless this is a retry that reads it again).
                var again = (await access.PremiseAsync(acting.CustomerId, premiseId, ct))?.Premise;
                if (again is null || again.IsPrimary) return again;
                await MakePrimaryAsync(db, again, ct);
                await RecordAsync(db, acting, again, time.GetUtcNow().UtcDateTime, ct);
                await tx.CommitAsync(ct);
                return again;
            }, ct);
            if (premise is null) return NotFound(premiseId);
        }
        return TypedResults.Ok((await PremiseViews.WithMetersAsync(db, [premise], ct))[0]);
    }

    public static async Task<Results<Ok<MeterListResponse>, ProblemHttpResult>> Meters(long premiseId, ActingCustomer acting, AccountAccess access, CustomerDbContext db, CancellationToken ct) =>
        (await CustomerPremises.MetersAsync(premiseId, acting, access, db, ct)).ToOkOrProblem();

    public static async Task<Results<Ok<StopServiceResponse>, ProblemHttpResult>> GetStop(long premiseId, ActingCustomer acting, AccountAccess access, CustomerDbContext db, CancellationToken ct) =>
        (await StopService.GetAsync(premiseId, acting, access, db, ct)).ToOkOrProblem();

    public static async Task<Results<Created<StopServiceResponse>, ValidationProblem, ProblemHttpResult>> Stop(
        long premiseId, StopServiceRequest? request, ActingCustomer acting, AccountAccess access, CustomerDbContext db, ServiceCalendar calendar, CancellationToken ct) =>
        (await StopService.ScheduleAsync(premiseId, request, acting, access, db, calendar, ct)).ToCreated(_ => $"/api/premises/{premiseId}/stop");

    public static async Task<Results<Created<MoveResponse>, ValidationProblem, ProblemHttpResult>> Move(
        long premiseId, MoveRequest? request, [Microsoft.AspNetCore.Mvc.FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, ActingCustomer acting,
        AccountAccess access, CustomerDbContext db, Enrollment.SubmitEnrollment enrollment, ServiceCalendar calendar, HttpContext http, CancellationToken ct)
    {
        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > 255 || idempotencyKey.Any(c => c is < '!' or > '~')))
            return Problems.BadRequest("Invalid Idempotency-Key", "An Idempotency-Key is 1 to 255 visible ASCII characters, e.g. a UUID.");
        var outcome = await MoveService.HandleAsync(premiseId, request, idempotencyKey, acting, access, db, enrollment, calendar, ct);
        if (outcome is Outcome<MoveResponse>.Refused { Why.Title: MoveService.KeyReusedTitle } reused)
            return Problems.Unprocessable(reused.Why.Title, reused.Why.Detail);
        if (outcome is Outcome<MoveResponse>.Done { Value.Replayed: true }) http.Response.Headers["Idempotent-Replayed"] = "true";
        return outcome.ToCreated(move => $"/api/contracts/{move.Start.ContractId}");
    }

    public static async Task<Results<Ok<StopServiceResponse>, ValidationProblem, ProblemHttpResult>> WithdrawStop(
        long premiseId, ActingCustomer acting, AccountAccess access, CustomerDbContext db, ServiceCalendar calendar, CancellationToken ct) =>
        (await StopService.WithdrawAsync(premiseId, acting, access, db, calendar, ct)).ToOk();

    /// <summary>Exactly one primary premise per account: clear the others and set this one in the same transaction.</summary>
    private static async Task MakePrimaryAsync(CustomerDbContext db, Premise premise, CancellationToken ct)
    {
        await db.Premises.Where(p => p.AccountId == premise.AccountId && p.Id != premise.Id && p.IsPrimary)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.IsPrimary, false), ct);
        premise.IsPrimary = true;
    }

    private static async Task RecordAsync(CustomerDbContext db, ActingCustomer acting, Premise premise, DateTime now, CancellationToken ct)
    {
        db.LogChange(acting.CustomerId, "premise", acting.Actor, now, null, new { premiseId = premise.Id, nickname = premise.Nickname, isPrimary = premise.IsPrimary });
        db.Record(await AccountHolders.OfAsync(db, premise.AccountId, ct), new PremiseUpdatedEvent(premise.Id, premise.AccountId, premise.Nickname, premise.IsPrimary, now));
        await db.SaveChangesAsync(ct);
    }

    private static ProblemHttpResult NotFound(long premiseId) => CustomerPremises.NotFound(premiseId).ToProblem();
}

