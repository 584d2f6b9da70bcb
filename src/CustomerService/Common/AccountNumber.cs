namespace CustomerService.Common;

/// <summary>A 10-digit account number whose last digit is a Luhn check digit over the first nine.</summary>
public static class AccountNumber
{
    /// <summary>Builds the account number for a 9-digit body (100000000..999999999).</summary>
    public static string FromBody(long body)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(body, 100_000_000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(body, 999_999_999);
        var digits = body.ToString();
        return digits + LuhnCheckDigit(digits);
    }

    public static bool IsValid(string? value) =>
        value is { Length: 10 } && value.All(char.IsAsciiDigit) && LuhnCheckDigit(value[..9]) == value[9];

    public static char LuhnCheckDigit(string payload)
    {
        var sum = 0;
        var doubleIt = true; // the rightmost payload digit is doubled, because the check digit will follow it
        for (var i = payload.Length - 1; i >= 0; i--)
        {
            var d = payload[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return (char)('0' + (10 - sum % 10) % 10);
    }
}
