using System.Security.Cryptography;

namespace CustomerService.Features.Enrollment;

public static class ConfirmationNumbers
{
    private const string Base36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>ENR- + base-36 of the submission time in milliseconds + - + 4 random base-36 characters, e.g. ENR-MKFR8LC0-7Q2Z.</summary>
    public static string New(DateTimeOffset submittedAt)
    {
        var ms = submittedAt.ToUnixTimeMilliseconds();
        var time = new System.Text.StringBuilder();
        do
        {
            time.Insert(0, Base36[(int)(ms % 36)]);
            ms /= 36;
        } while (ms > 0);
        return $"ENR-{time}-{RandomNumberGenerator.GetString(Base36, 4)}";
    }
}
