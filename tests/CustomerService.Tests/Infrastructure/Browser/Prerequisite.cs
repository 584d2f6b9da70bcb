namespace CustomerService.Tests.Infrastructure.Browser;

/// <summary>
/// A tool the browser tests need (Chromium, Node). Outside CI a missing one makes the test report itself skipped with
/// the reason; in CI (CI=true) it is a failure, like a missing PostgreSQL.
/// </summary>
internal static class Prerequisite
{
    public static bool InCi => Environment.GetEnvironmentVariable("CI") is "true" or "1";

    public static Exception Missing(string reason)
    {
        if (InCi) return new InvalidOperationException(reason);
        Assert.Skip(reason);
        return new InvalidOperationException(reason); // not reached: Assert.Skip throws
    }

    /// <summary>The repository root (the folder holding CustomerService.sln), found from the test binaries upward.</summary>
    public static DirectoryInfo RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CustomerService.sln"))) return dir;
        }
        throw new DirectoryNotFoundException($"No CustomerService.sln above {AppContext.BaseDirectory}.");
    }

    public static string OidcProviderFolder => Path.Combine(RepositoryRoot().FullName, "tests", "oidc-provider");

    /// <summary>An executable on PATH, or null.</summary>
    public static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
