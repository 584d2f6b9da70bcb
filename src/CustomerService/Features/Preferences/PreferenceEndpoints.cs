using CustomerService.Common;
using CustomerService.Infrastructure.Auth;
using CustomerService.Infrastructure.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CustomerService.Features.Preferences;

/// <summary>GET/PUT /api/preferences and /api/preferences/notifications, answered by <see cref="PreferenceSettings"/>.</summary>
public static class PreferenceEndpoints
{
    public static RouteGroupBuilder MapPreferenceEndpoints(this RouteGroupBuilder api)
    {
        var preferences = api.MapGroup("/preferences").WithTags("Preferences");
        preferences.MapGet("", Get).WithName("GetPreferences").FindsCustomerInStatement();
        preferences.MapPut("", Update).WithName("UpdatePreferences");
        preferences.MapGet("/notifications", GetNotifications).WithName("GetNotificationSettings").FindsCustomerInStatement();
        preferences.MapPut("/notifications", UpdateNotifications).WithName("UpdateNotificationSettings");
        return api;
    }

    public static async Task<Results<Ok<PreferencesResponse>, ProblemHttpResult>> Get(ActingCustomer acting, CustomerDbContext db, TimeProvider time, CancellationToken ct) =>
        (await PreferenceSettings.GetAsync(acting, db, time, ct)).ToOkOrProblem();

    public static async Task<Results<Ok<NotificationSettings>, ProblemHttpResult>> GetNotifications(ActingCustomer acting, CustomerDbContext db, TimeProvider time, CancellationToken ct) =>
        (await PreferenceSettings.GetAsync(acting, db, time, ct)).Map(p => p.Notifications).ToOkOrProblem();

    public static async Task<Results<Ok<PreferencesResponse>, ValidationProblem>> Update(
        UpdatePreferencesRequest? request, ActingCustomer acting, CustomerDbContext db, TimeProvider time, CancellationToken ct) =>
        Validated(await PreferenceSettings.UpdateAsync(request, acting, db, time, ct));

    public static async Task<Results<Ok<NotificationSettings>, ValidationProblem>> UpdateNotifications(
        NotificationSettingsInput? request, ActingCustomer acting, CustomerDbContext db, TimeProvider time, CancellationToken ct) =>
        Validated(await PreferenceSettings.UpdateNotificationsAsync(request, acting, db, time, ct));

    /// <summary>A preferences change is done or invalid: it refuses nothing else.</summary>
    private static Results<Ok<T>, ValidationProblem> Validated<T>(Outcome<T> outcome) => outcome switch
    {
        Outcome<T>.Done done => TypedResults.Ok(done.Value),
        Outcome<T>.Invalid invalid => Problems.Validation(invalid.Errors),
        _ => throw new InvalidOperationException($"A preferences change answered {outcome.GetType().Name}."),
    };
}
