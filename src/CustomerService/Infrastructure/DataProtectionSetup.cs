using Microsoft.AspNetCore.DataProtection;

namespace CustomerService.Infrastructure;

public static class DataProtectionSetup
{
    /// <summary>
    /// Keys that encrypt personal data at rest (tax ids) live outside the database, in DataProtection:KeysPath
    /// (default data/keys). Several instances must share that folder (or a mounted secret) to read each other's rows.
    /// </summary>
    public static WebApplicationBuilder AddPersonalDataProtection(this WebApplicationBuilder builder)
    {
        var path = KeysFolder(builder);
        builder.Services.AddDataProtection()
            .SetApplicationName("customer-service")
            .PersistKeysToFileSystem(new DirectoryInfo(path));
        return builder;
    }

    /// <summary>DataProtection:KeysPath, relative to the content root unless rooted.</summary>
    public static string KeysFolder(WebApplicationBuilder builder)
    {
        var path = builder.Configuration["DataProtection:KeysPath"] ?? "data/keys";
        return Path.IsPathRooted(path) ? path : Path.Combine(builder.Environment.ContentRootPath, path);
    }
}
