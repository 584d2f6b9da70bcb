using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CustomerService.Tests.Infrastructure.Browser;

/// <summary>
/// tests/oidc-provider/server.mjs in a Node process: a real OpenID provider on loopback. It starts listening first
/// (so its issuer can go into the app's configuration), then takes the client's redirect URIs once the app listens.
/// Killed on dispose; its output is kept for failure messages.
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    public const string ClientId = "customer-portal";
    public const string ClientSecret = "test-portal-secret-0123456789";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly Channel _lines = new();

    private OidcProvider(Process process) => _process = process;

    /// <summary>The provider's issuer, http://127.0.0.1:port (Auth:Authority).</summary>
    public string Issuer { get; private set; } = "";

    /// <summary>Everything the provider printed so far, for diagnostics.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>The sub the provider gives a login: "oidc-" + 16 hex of SHA-256 of the lower-cased login (server.mjs).</summary>
    public static string SubjectOf(string login) =>
        "oidc-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(login.Trim().ToLowerInvariant())))[..16];

    /// <summary>Why the provider cannot run here (no Node, packages not installed), or null.</summary>
    public static string? MissingPrerequisite()
    {
        if (Prerequisite.OnPath("node") is null)
            return "Node.js is not installed: the portal sign-in tests run a real OpenID provider (tests/oidc-provider) on it (apt-get install nodejs npm).";
        var folder = Prerequisite.OidcProviderFolder;
        if (!File.Exists(Path.Combine(folder, "node_modules", "oidc-provider", "package.json")))
            return $"oidc-provider is not installed in {folder}: run npm ci --no-audit --no-fund there (the test project's build does, when npm is installed).";
        return null;
    }

    /// <summary>Starts Node and waits until the provider listens (see <see cref="MissingPrerequisite"/> first).</summary>
    public static async Task<OidcProvider> StartAsync()
    {
        if (MissingPrerequisite() is { } missing) throw new InvalidOperationException(missing);
        var info = new ProcessStartInfo(Prerequisite.OnPath("node")!)
        {
            WorkingDirectory = Prerequisite.OidcProviderFolder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("server.mjs");
        info.ArgumentList.Add("--port");
        info.ArgumentList.Add("0");
        info.ArgumentList.Add("--client-id");
        info.ArgumentList.Add(ClientId);
        info.ArgumentList.Add("--client-secret");
        info.ArgumentList.Add(ClientSecret);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var provider = new OidcProvider(process);
        process.OutputDataReceived += (_, e) => provider.Received(e.Data);
        process.ErrorDataReceived += (_, e) => provider.Received(e.Data);
        process.Exited += (_, _) => provider._lines.Complete();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var listening = await provider.WaitForLineAsync("listening ");
        provider.Issuer = listening["listening ".Length..].Trim();
        return provider;
    }

    /// <summary>Registers the relying party's redirect URIs and waits until the provider answers.</summary>
    public async Task ConfigureClientAsync(IEnumerable<string> redirectUris, IEnumerable<string> postLogoutRedirectUris)
    {
        var line = JsonSerializer.Serialize(new { redirectUris, postLogoutRedirectUris });
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
        await WaitForLineAsync("ready ");
    }

    /// <summary>The provider signs with a new key from now on, and its JWKS publishes only that one. Returns the new kid.</summary>
    public async Task<string> RotateSigningKeyAsync() => (await CommandAsync("rotate-signing-key", "rotated "))["rotated ".Length..].Trim();

    /// <summary>The next id_token from the token endpoint has its payload altered (another sub) under the original signature.</summary>
    public Task TamperNextIdTokenAsync() => CommandAsync("tamper-next-id-token", "tampering ");

    private async Task<string> CommandAsync(string command, string answerPrefix)
    {
        await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(new { command }));
        await _process.StandardInput.FlushAsync();
        return await WaitForLineAsync(answerPrefix);
    }

    private void Received(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        _lines.Add(line);
    }

    private async Task<string> WaitForLineAsync(string prefix)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            return await _lines.FirstAsync(l => l.StartsWith(prefix, StringComparison.Ordinal), timeout.Token)
                ?? throw new InvalidOperationException($"The OIDC provider exited before printing '{prefix.Trim()}'. Its output:\n{Output}");
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The OIDC provider did not print '{prefix.Trim()}' within {StartTimeout.TotalSeconds} s. Its output:\n{Output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        _process.Dispose();
    }

    /// <summary>Lines as they arrive, for waiting on one that starts with a prefix.</summary>
    private sealed class Channel
    {
        private readonly System.Threading.Channels.Channel<string> _channel = System.Threading.Channels.Channel.CreateUnbounded<string>();

        public void Add(string line) => _channel.Writer.TryWrite(line);

        public void Complete() => _channel.Writer.TryComplete();

        public async Task<string?> FirstAsync(Func<string, bool> match, CancellationToken ct)
        {
            await foreach (var line in _channel.Reader.ReadAllAsync(ct))
            {
                if (match(line)) return line;
            }
            return null;
        }
    }
}
