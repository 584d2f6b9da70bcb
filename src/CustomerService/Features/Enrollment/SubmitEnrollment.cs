using CustomerService.Common;
using CustomerService.Features.Accounts;
using CustomerService.Features.Contracts;
using CustomerService.Features.Customers;
using CustomerService.Features.Meters;
using CustomerService.Features.Plans;
using CustomerService.Features.Preferences;
using CustomerService.Features.Premises;
using CustomerService.Features.ServicePoints;
using CustomerService.Infrastructure.Data;
using CustomerService.Infrastructure.Outbox;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace CustomerService.Features.Enrollment;

/// <summary>
/// Work that commits in the enrollment's transaction or not at all, answering a refusal to roll both back; it must be
/// re-runnable from an empty change tracker (the transaction may be retried). <paramref name="Scope"/> joins the
/// Idempotency-Key's request hash; <paramref name="CarryOver"/> is a contract whose price terms and end date the new
/// contract keeps when it is on the same plan (a move that keeps its plan).
/// </summary>
public sealed record EnrollmentAlongside(string Scope, Contract? CarryOver, Func<CustomerDbContext, EnrollmentResponse, CancellationToken, Task<Refusal?>> WorkAsync);

/// <summary>What became of a submitted enrollment.</summary>
public abstract record EnrollmentOutcome
{
    public sealed record Enrolled(EnrollmentResponse Response, bool Replayed) : EnrollmentOutcome;
    public sealed record Invalid(ValidationErrors Errors) : EnrollmentOutcome;
    /// <param name="Reason">One of <see cref="EnrollmentRefusals"/>: what the enrollment counters record.</param>
    public sealed record Conflict(string Reason, string Title, string Detail, IDictionary<string, object?>? Extensions = null) : EnrollmentOutcome;
    public sealed record KeyReusedWithDifferentBody(string Key) : EnrollmentOutcome;
}

/// <summary>
/// Enrolls a customer onto a plan in one transaction: customer, account (the customer as occupier), premise,
/// meter claims, contract and its account link, preferences, the enrollment record, the change log and the
/// outbox events all commit together or not at all.
/// </summary>
public sealed partial class SubmitEnrollment(
    CustomerDbContext db,
    ServiceCalendar calendar,
    EnrollmentReferences references,
    EnrollmentIdempotency idempotency,
    NumberSequences numbers,
    IDataProtectionProvider dataProtection,
    EnrollmentMetrics metrics,
    ILogger<SubmitEnrollment> log)
{
    public const string TaxIdPurpose = "CustomerService.Customers.TaxId.v1";
    // A multiplier coprime with 9·10^8 makes account numbers a permutation of the counter: unique, yet not consecutive.
    private const long AccountNumberMultiplier = 738_560_941;

    /// <param name="signedInCustomerId">The customer linked to the caller's token: the enrollment adds an account, premise and contract to them.</param>
    /// <param name="alongside">What must commit with the enrollment or not at all (a move's stop at the old premise), and a contract whose terms carry over.</param>
    public async Task<EnrollmentOutcome> HandleAsync(EnrollmentRequest request, string? idempotencyKey, long? signedInCustomerId, CancellationToken ct,
        EnrollmentAlongside? alongside = null)
    {
        metrics.Submitted();
        var outcome = await DecideAsync(request, idempotencyKey, signedInCustomerId, alongside, ct);
        metrics.Outcome(outcome);
        return outcome;
    }

    private async Task<EnrollmentOutcome> DecideAsync(EnrollmentRequest request, string? idempotencyKey, long? signedInCustomerId, EnrollmentAlongside? alongside, CancellationToken ct)
    {
        if (idempotencyKey is null) return await SubmitAsync(request, null, signedInCustomerId, alongside, ct);

        var key = idempotency.For(idempotencyKey, request, signedInCustomerId, alongside?.Scope);
        if (await idempotency.PriorOutcomeAsync(key, ct) is { } prior) return prior;
        var outcome = await SubmitAsync(request, key, signedInCustomerId, alongside, ct);
        // A retry that lost the race to its own first attempt sees that attempt's meters and email as taken: answer as the first did.
        return outcome is EnrollmentOutcome.Conflict && await idempotency.PriorOutcomeAsync(key, ct) is { } first ? first : outcome;
    }

    private async Task<EnrollmentOutcome> SubmitAsync(EnrollmentRequest request, IdempotencyKey? key, long? signedInCustomerId, EnrollmentAlongside? alongside, CancellationToken ct)
    {
        var existing = signedInCustomerId is null ? null : await db.Customers.AsNoTracking().FirstAsync(c => c.Id == signedInCustomerId, ct);
        if (existing?.Status == CustomerLifecycle.Closed)
            return new EnrollmentOutcome.Conflict(EnrollmentRefusals.CustomerClosed, "Customer closed", "This customer record is closed and cannot take new service. Contact us to reopen it.");
        var errors = new ValidationErrors();
        var valid = EnrollmentValidator.Validate(request, calendar, errors, existing?.Type);
        var found = await references.CheckAsync(request, errors, ct);
        if (valid is null || found is null || !errors.IsEmpty) return new EnrollmentOutcome.Invalid(errors);

        var (plan, point, meters) = found.Value;
        if (EnrollmentReferences.SwitchHoldRefusal(point, valid.EnrollmentType, valid.ProofOfOccupancy) is { } hold)
            return new EnrollmentOutcome.Conflict(EnrollmentRefusals.SwitchHold, "Switch hold", hold,
                new Dictionary<string, object?> { ["esiId"] = point.EsiId, ["switchHold"] = true, ["enrollmentType"] = valid.EnrollmentType });
        var taken = meters.Where(m => m.Status != MeterStatus.Available).ToList();
        if (taken.Count > 0) return MetersTaken(taken.Select(m => m.Id));

        var now = TruncateToMilliseconds(calendar.UtcNow);
        var contractYear = calendar.Today.Year;
        var counters = await numbers.NextAsync([new("account-number", 0), new($"contract-{contractYear}", 1)], ct);
        var accountNumber = AccountNumber.FromBody(100_000_000 + (counters[0] * AccountNumberMultiplier % 900_000_000));
        var contractNumber = $"CTR-{contractYear}-{counters[1]:D5}";

        try
        {
            return await EnrollAsync(valid, existing?.Id, plan, point, meters, accountNumber, contractNumber, now, key, alongside, ct);
        }
        catch (DbUpdateException ex) when (key is not null && EnrollmentIdempotency.LostRace(ex))
        {
            LogConflict(log, "a concurrent request with the same Idempotency-Key committed first; answered as that one was");
            return await idempotency.WinnersOutcomeAsync(key, ex, ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex, CustomerConfiguration.Constraints.CustomerEmail))
        {
            LogConflict(log, "a concurrent enrollment registered the email first");
            return EmailInUse();
        }
    }

    /// <summary>
    /// The transaction, lean: the meter claim (which also locks the meters against a concurrent enrollment), the email
    /// check (authoritative under SQLite's one writer; on PostgreSQL a race ends on the email's unique index), one save
    /// of every new row (EF orders the inserts and carries the generated keys across them), then one save of what
    /// needs those keys (the Idempotency-Key with the response, the change log, the status move) with the events.
    /// </summary>
    private async Task<EnrollmentOutcome> EnrollAsync(
        ValidEnrollment e, long? existingCustomerId, Plan plan, ServicePoint point, List<Meter> meters, string accountNumber, string contractNumber,
        DateTime now, IdempotencyKey? key, EnrollmentAlongside? alongside, CancellationToken ct)
    {
        return await db.InTransactionAsync<EnrollmentOutcome>(async (tx, ct) =>
        {
            // The claim is conditional: a meter another enrollment took since the check above is simply not updated.
            var meterIds = e.MeterIds.ToList();
            var claimed = await db.Meters
                .Where(m => meterIds.Contains(m.Id) && m.ServicePointId == point.Id && m.Status == MeterStatus.Available)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MeterStatus.Pending), ct);
            if (claimed != meterIds.Count)
            {
                LogConflict(log, "a concurrent enrollment claimed a selected meter first");
                return MetersTaken(meterIds);
            }
            if (existingCustomerId is null && await references.EmailInUseAsync(e.Email!, ct)) return EmailInUse();

            var confirmationNumber = ConfirmationNumbers.New(now);
            var customer = existingCustomerId is { } id
                ? await db.Customers.FirstAsync(c => c.Id == id, ct)
                : e.CustomerType == CustomerTypes.Business
                    ? Customer.CreateBusiness(e.BusinessName!, e.BusinessType!, dataProtection.CreateProtector(TaxIdPurpose).Protect(e.TaxId!.Value),
                        e.Email!.Value, e.Phone!.Formatted, e.PrimaryContact!, now)
                    : Customer.CreateIndividual(e.FirstName!, e.LastName!, e.Email!.Value, e.Phone!.Formatted, now);
            var isNewCustomer = existingCustomerId is null;
            var account = new Account
            {
                AccountNumber = accountNumber,
                Type = e.CustomerType == CustomerTypes.Business ? AccountTypes.Commercial : AccountTypes.Residential,
                Status = AccountStatus.Pending,
                CreatedAt = now,
                UpdatedAt = now,
            };
            if (isNewCustomer) db.Customers.Add(customer);
            db.Accounts.Add(account);
            // Until the save, new rows are linked by EF's temporary keys, which it replaces with the generated ones.
            var customerId = db.KeyOf(customer);
            var accountId = db.KeyOf(account);

            var premise = new Premise
            {
                AccountId = accountId, ServicePointId = point.Id, EsiId = point.EsiId,
                Street = point.Street, Unit = point.Unit, City = point.City, State = point.State, Zip = point.Zip,
                AddressKey = point.AddressKey, IsPrimary = true, CreatedAt = now,
            };
            db.AccountParties.Add(new AccountParty { Customer = customerId, Account = accountId, Role = AccountRoles.Occupier, CreatedAt = now });
            db.Premises.Add(premise);
            var premiseId = db.KeyOf(premise);
            foreach (var meter in meters) // the selected meters, as CheckAsync found them
            {
                db.Meters.Attach(meter);
                meter.Status = MeterStatus.Pending; // as claimed above
                meter.PremiseId = premiseId;
            }

            var contract = alongside?.CarryOver is { } carried && carried.PlanId == plan.Id && carried.EndDate > e.ServiceStartDate
                ? Contract.CarryOver(carried, contractNumber, customerId, e.ServiceStartDate, now)
                : Contract.Sign(contractNumber, customerId, plan, e.ServiceStartDate, now);
            db.Contracts.Add(contract);
            var contractId = db.KeyOf(contract);
            db.ContractAccounts.Add(new ContractAccount { ContractId = contractId, AccountId = accountId, AddedAt = now });
            // A signed-in customer keeps the preferences they have; they change them at /api/preferences.
            if (isNewCustomer) db.Preferences.Add(new CustomerPreferences
            {
                CustomerId = customerId,
                BillDelivery = e.BillDelivery,
                MarketingOptIn = e.MarketingOptIn,
                MailingSameAsPrimary = e.MailingAddress is null,
                MailingStreet = e.MailingAddress?.Street,
                MailingUnit = e.MailingAddress?.Unit,
                MailingCity = e.MailingAddress?.City,
                MailingState = e.MailingAddress?.State,
                MailingZip = e.MailingAddress?.Zip,
                UpdatedAt = now,
            });
            db.Enrollments.Add(new EnrollmentRecord
            {
                ConfirmationNumber = confirmationNumber, CustomerId = customerId, AccountId = accountId, PremiseId = premiseId,
                ContractId = contractId, CustomerType = customer.Type, EnrollmentType = e.EnrollmentType, ProofOfOccupancy = e.ProofOfOccupancy, PlanId = plan.Id, ServiceStartDate = e.ServiceStartDate,
                Status = EnrollmentStatus.Completed, SubmittedAt = now, CompletedAt = now,
            });
            await db.SaveChangesAsync(ct);

            var actor = $"enrollment:{confirmationNumber}";
            db.LogChange(customer.Id, isNewCustomer ? "created" : "enrolled", actor, now, null, new { type = customer.Type, status = customer.Status, accountId = account.Id, premiseId = premise.Id, contractId = contract.Id });

            // Recorded in the order consumers read them; the customer's own status move comes last.
            var enrolledMeters = meters.OrderBy(m => m.Id).Select(m => new EnrolledMeter(m.Id, m.MeterNumber)).ToList();
            var address = new PostalAddress(premise.Street, premise.Unit, premise.City, premise.State, premise.Zip);
            db.Record(customer.Id, new EnrollmentSubmittedEvent(confirmationNumber, customer.Type, e.EnrollmentType, e.ProofOfOccupancy, plan.Id, e.ServiceStartDate, meterIds, now));
            if (isNewCustomer)
                db.Record(customer.Id, new CustomerCreatedEvent(customer.Id, customer.Type, customer.Name, customer.Email, customer.Phone, CustomerLifecycle.Onboarding, now));
            db.Record(customer.Id, new AccountCreatedEvent(account.Id, account.AccountNumber, customer.Id, AccountRoles.Occupier, account.Type, account.Status));
            db.Record(customer.Id, new PremiseAddedEvent(premise.Id, account.Id, premise.EsiId, address, premise.IsPrimary));
            foreach (var m in enrolledMeters)
                db.Record(customer.Id, new MeterEnrolledEvent(m.MeterId, m.MeterNumber, premise.Id, premise.EsiId, account.Id, e.ServiceStartDate));
            db.Record(customer.Id, new ContractCreatedEvent(contract.Id, contract.ContractNumber, customer.Id, plan.Id, contract.PlanName,
                contract.PlanType, contract.RatePerKwh, contract.BaseCharge, contract.TermMonths, contract.EarlyTerminationFee,
                contract.StartDate, contract.EndDate, contract.Status, [account.Id]));
            db.Record(customer.Id, new EnrollmentCompletedEvent(confirmationNumber, customer.Id, account.Id, contract.Id,
                customer.Email, customer.Name, e.ServiceStartDate, now));
            if (isNewCustomer) CustomerStatusChanges.Move(db, customer, CustomerLifecycle.Prelive, actor, "Enrollment completed", now);

            var response = new EnrollmentResponse(
                Success: true,
                ConfirmationNumber: confirmationNumber,
                CustomerId: customer.Id,
                ContractId: contract.Id,
                Contract: new EnrollmentContract(contract.ContractNumber, contract.StartDate, contract.EndDate, contract.Status),
                AccountId: account.Id,
                AccountNumber: account.AccountNumber,
                EnrolledMeters: enrolledMeters,
                SubmittedAt: now,
                NextSteps: NextSteps(customer.Email, contract.StartDate),
                EnrollmentType: e.EnrollmentType,
                RescindableUntil: RightOfRescission.ClosesOn(customer.Type, e.EnrollmentType, now));
            if (alongside is not null && await alongside.WorkAsync(db, response, ct) is { } refused) return new EnrollmentOutcome.Conflict(EnrollmentRefusals.AlongsideRefused, refused.Title, refused.Detail, refused.Extensions);
            // On PostgreSQL a concurrent request with the same key waits here until this one ends, and fails on the key if it committed.
            if (key is not null) idempotency.Remember(key, response, now);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);

            LogEnrolled(log, confirmationNumber, customer.Id, account.Id, contract.Id, meterIds.Count);
            return new EnrollmentOutcome.Enrolled(response, Replayed: false);
        }, ct);
    }

    private static EnrollmentOutcome.Conflict MetersTaken(IEnumerable<long> meterIds) => new(
        EnrollmentRefusals.MeterUnavailable,
        "Meter already enrolled",
        "One or more selected meters are already part of a pending or active enrollment and cannot be enrolled again.",
        new Dictionary<string, object?> { ["meterIds"] = meterIds.ToArray() });

    private static EnrollmentOutcome.Conflict EmailInUse() => new(
        EnrollmentRefusals.EmailInUse,
        "Email already registered",
        "A customer with this email address already exists. Sign in to the customer portal to add a new service address to your account.");

    internal static IReadOnlyList<string> NextSteps(string email, DateOnly startDate) =>
    [
        $"Confirmation email will be sent to {email}",
        $"Service activation scheduled for {Dates.Long(startDate)}",
        $"First bill will be generated after your first billing cycle, around {Dates.Long(startDate.AddMonths(1))}",
    ];

    private static DateTime TruncateToMilliseconds(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);

    // An expected race, answered 409 (or as the first request): one line, no stack trace, no personal data.
    [LoggerMessage(Level = LogLevel.Information, Message = "Enrollment refused: {Reason}")]
    private static partial void LogConflict(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Enrollment {ConfirmationNumber} completed: customer {CustomerId}, account {AccountId}, contract {ContractId}, {MeterCount} meter(s)")]
    private static partial void LogEnrolled(ILogger logger, string confirmationNumber, long customerId, long accountId, long contractId, int meterCount);
}
