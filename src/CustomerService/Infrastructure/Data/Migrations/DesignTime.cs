using CustomerService.Infrastructure.Outbox;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace CustomerService.Infrastructure.Data.Migrations;

/// <summary>What the design-time factories give a context that only describes the model (it never saves).</summary>
internal static class DesignTime
{
    public static OutboxWriter Outbox { get; } = new(Options.Create(new EventOptions()), Options.Create(new JsonOptions()), TimeProvider.System, new OutboxSignal());
}
