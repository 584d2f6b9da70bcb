using System.Xml.Linq;
using CustomerService.Infrastructure.Data;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CustomerService.Infrastructure;

/// <summary>
/// Copies the keys an earlier release kept in DataProtection:KeysPath (<c>key-{id}.xml</c>) into the database, each
/// as the element and friendly name the database repository itself stores, so personal data encrypted before keys
/// moved to the database still decrypts. Runs under the migration lock; a key already in the database is left
/// alone, so it is safe on every start. The folder is never written to or deleted.
/// </summary>
public sealed class FileSystemKeyImport(string folder) : IDataMigration
{
    public async Task RunAsync(CustomerDbContext db, CancellationToken ct)
    {
        if (!Directory.Exists(folder)) return;
        var files = Directory.GetFiles(folder, "key-*.xml");
        if (files.Length == 0) return;

        var stored = await db.DataProtectionKeys.Select(k => k.FriendlyName).ToHashSetAsync(ct);
        var imported = 0;
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var friendlyName = Path.GetFileNameWithoutExtension(file);
            if (stored.Contains(friendlyName)) continue;
            var element = XElement.Load(file);
            if (element.Name != "key")
                throw new InvalidOperationException($"{file} is not a Data Protection key; remove it from DataProtection:KeysPath.");
            db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
            imported++;
        }
        if (imported == 0) return;
        await db.SaveChangesAsync(ct);
        db.GetService<ILoggerFactory>().CreateLogger<FileSystemKeyImport>()
            .LogInformation("Imported {Count} Data Protection key(s) from DataProtection:KeysPath into the database", imported);
    }
}
