using CustomerService.Common;
using CustomerService.Features.Contracts;
using CustomerService.Features.Enrollment;

namespace CustomerService.Tests.Domain;

/// <summary>The value rules on their own, at their edges.</summary>
public sealed class DomainRuleTests
{
    [Theory]
    [InlineData("2027-01-31", 1, "2027-02-28")]
    [InlineData("2028-01-31", 1, "2028-02-29")]
    [InlineData("2028-02-29", 12, "2029-02-28")]
    [InlineData("2027-03-31", 6, "2027-09-30")]
    [InlineData("2025-02-01", 12, "2026-02-01")]
    public void ContractEndDatesClampToTheLastDayOfTheMonth(string start, int months, string end) =>
        Assert.Equal(DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture),
            ContractTerms.EndDate(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), months));

    [Theory]
    [InlineData("7992739871", '3')] // the classic Luhn example: 7992739871 → 3
    [InlineData("123456789", '7')]
    public void LuhnCheckDigits(string payload, char check) => Assert.Equal(check, AccountNumber.LuhnCheckDigit(payload));

    [Fact]
    public void AccountNumbersAreTenDigitsThatPassLuhn()
    {
        var number = AccountNumber.FromBody(123456789);
        Assert.Equal("1234567897", number);
        Assert.True(AccountNumber.IsValid(number));
        Assert.False(AccountNumber.IsValid("1234567898"));
        Assert.False(AccountNumber.IsValid("123456789"));
    }

    [Theory]
    [InlineData("(555) 123-4567", "(555) 123-4567")]
    [InlineData("555.123.4567", "(555) 123-4567")]
    [InlineData("1-555-123-4567", "(555) 123-4567")]
    [InlineData("555-1234", null)]
    [InlineData("555-123-45678", null)]
    [InlineData("555-CALL-NOW", null)]
    public void PhoneNumbers(string input, string? formatted)
    {
        var ok = PhoneNumber.TryParse(input, out var phone);
        Assert.Equal(formatted is not null, ok);
        if (ok) Assert.Equal(formatted, phone.Formatted);
    }

    [Theory]
    [InlineData("John.Smith@Example.com", "john.smith@example.com")]
    [InlineData("a+b@mail.example.co.uk", "a+b@mail.example.co.uk")]
    [InlineData("no-at-sign.example.com", null)]
    [InlineData("two@@example.com", null)]
    [InlineData("dot.@example.com", null)]
    [InlineData("x@localhost", null)]
    public void Emails(string input, string? normalized)
    {
        var ok = Email.TryParse(input, out var email);
        Assert.Equal(normalized is not null, ok);
        if (ok) Assert.Equal(normalized, email.Value);
    }

    [Theory]
    [InlineData("12-3456789", true)]
    [InlineData("123456789", false)]
    [InlineData("12-345678", false)]
    [InlineData("AB-CDEFGHI", false)]
    public void EinsAreWrittenNNDashSevenDigits(string input, bool valid)
    {
        Assert.Equal(valid, Ein.TryParse(input, out var ein));
        if (valid) Assert.Equal("**-***6789", ein.Masked);
    }

    [Theory]
    [InlineData("100 Corporate Drive", "Suite 500", "100 CORPORATE DR STE 500")]
    [InlineData("100 corporate dr.", "ste. 500", "100 CORPORATE DR STE 500")]
    [InlineData("100 Corporate Dr, Suite 500", null, "100 CORPORATE DR STE 500")]
    [InlineData("1420 West Mockingbird Lane", null, "1420 W MOCKINGBIRD LN")]
    [InlineData("908 Elm St", "Apartment 12B", "908 ELM ST APT 12B")]
    [InlineData("908 Elm St #12B", null, "908 ELM ST # 12B")]
    public void StreetLinesNormalizeToUspsAbbreviations(string street, string? unit, string normalized) =>
        Assert.Equal(normalized, AddressNormalizer.NormalizeLine(street, unit));

    [Fact]
    public void ConfirmationNumbersEncodeTheSubmissionTimeInBase36()
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_736_951_400_000); // 2025-01-15T14:30:00Z
        var number = ConfirmationNumbers.New(at);
        Assert.Matches("^ENR-M5Y00LS0-[0-9A-Z]{4}$", number);
        Assert.Equal(1_736_951_400_000, Convert.ToInt64(Base36ToLong(number.Split('-')[1])));
    }

    private static long Base36ToLong(string s) => s.Aggregate(0L, (acc, c) => acc * 36 + "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".IndexOf(c, StringComparison.Ordinal));
}

public sealed class TariffArithmeticTests
{
    [Theory]
    [InlineData("0.28734", 0, "0.28734")]
    [InlineData("0.28734", 10000, "0")]
    [InlineData("0.28734", 2500, "0.2155")]     // 0.215505 truncated
    [InlineData("0.61239", 2500, "0.45929")]   // 0.4592925 truncated, not rounded up to 0.45930
    [InlineData("0.33333", 1, "0.33329")]      // 0.333296667
    [InlineData("1.00000", 3333, "0.6667")]
    public void DiscountsAreBenchmarkTimesOneMinusBasisPointsTruncatedToFiveDecimals(string benchmark, int bps, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            CustomerService.Features.Tariffs.TariffCalculator.Discounted(decimal.Parse(benchmark, System.Globalization.CultureInfo.InvariantCulture), bps));

    [Theory]
    [InlineData(-1)]
    [InlineData(10001)]
    public void DiscountsOutsideZeroTo10000AreRefused(int bps) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CustomerService.Features.Tariffs.TariffCalculator.Discounted(1m, bps));
}

/// <summary>The account's party invariants, held by the aggregate itself whoever calls it.</summary>
public sealed class AccountPartyRuleTests
{
    private static readonly DateTime Now = new(2026, 11, 21, 18, 0, 0, DateTimeKind.Utc);

    private static CustomerService.Features.Accounts.Account NewAccount()
    {
        var account = new CustomerService.Features.Accounts.Account { AccountNumber = "1000000001", Type = "residential", Status = "active" };
        Assert.Null(account.AddParty(1, "occupier", Now));
        return account;
    }

    [Fact]
    public void ARoleIsHeldOnceAndNobodyIsLandlordAndOccupierOfTheSamePremises()
    {
        var account = NewAccount();
        Assert.Equal("Role already held", account.AddParty(1, "occupier", Now)?.Title);
        Assert.Equal("Landlord and occupier", account.AddParty(1, "landlord", Now)?.Title);
        Assert.Null(account.AddParty(2, "landlord", Now));
        Assert.Equal("Landlord and occupier", account.AddParty(2, "occupier", Now)?.Title);
        Assert.Null(account.AddParty(1, "billing", Now));
        Assert.Equal(3, account.Parties.Count);
    }

    [Fact]
    public void TheLastOccupierStaysAndAnUnknownPartyIsNotFound()
    {
        var account = NewAccount();
        var (_, last) = account.RemoveParty(1, "occupier", Now);
        Assert.Equal((CustomerService.Common.RefusalKind.Conflict, "Last occupier"), (last!.Kind, last.Title));
        Assert.Equal(CustomerService.Common.RefusalKind.NotFound, account.RemoveParty(9, "agent", Now).Refusal!.Kind);

        Assert.Null(account.AddParty(3, "occupier", Now));
        var (removed, refusal) = account.RemoveParty(1, "occupier", Now);
        Assert.Null(refusal);
        Assert.Equal((1L, "occupier"), (removed!.Customer, removed.Role));
    }
}
