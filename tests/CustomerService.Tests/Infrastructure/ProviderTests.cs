namespace CustomerService.Tests.Infrastructure;

/// <summary>Base of functional tests that run once per database provider: each test starts from reset data.</summary>
public abstract class ProviderTests(CustomerServiceApp app) : IAsyncLifetime
{
    protected CustomerServiceApp App { get; } = app;

    protected HttpClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await App.ResetAsync();
        Client = App.CreateClient();
    }

    public ValueTask DisposeAsync()
    {
        Client?.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
