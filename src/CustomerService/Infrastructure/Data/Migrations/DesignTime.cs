using CustomerService.Infrastructure.Outbox;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace CustomerService.Infrastructure.Data.Migrations;

/// <summary>
/// The outbox writer of a context made outside the application's services (design-time factories, tools): default
/// options and the system clock. Contexts from the application's services use the application's writer.
/// </summary>
internal static class DesignTime
{
    public static OutboxWriter Outbox { get; } = new(Options.Create(new EventOptions()), Options.Create(new JsonOptions()), TimeProvider.System, new OutboxSignal());
}
