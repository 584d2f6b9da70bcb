using CustomerService.Common;

namespace CustomerService.Features.Accounts;

/// <summary>The refusals of every resource reached through an account (accounts, premises, meters).</summary>
public static class AccountRefusals
{
    public static Refusal NotFound(long accountId) =>
        Refusal.NotFound("Account not found", $"There is no account {accountId} among your accounts.");

    /// <summary>The party can see the account but its role does not allow this (e.g. a landlord asking for balances).</summary>
    public static Refusal ForRole(string what) =>
        new(RefusalKind.Forbidden, "Not allowed for your role", $"Your role on this account does not allow you to {what}.");
}
