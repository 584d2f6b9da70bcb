using System.Diagnostics;
using CustomerService.Tests.Infrastructure;

namespace CustomerService.Tests.Deploy;

/// <summary>
/// deploy/ holds what cannot run here (a container build, a cluster); what can check it does: every Kubernetes manifest
/// against the Kubernetes API's JSON schema of its kind, and the Dockerfile's syntax (tests/deploy-check, Node).
/// </summary>
public sealed class DeploymentManifestTests
{
    [Fact]
    public async Task EveryManifestMatchesTheKubernetesSchemaOfItsKindAndTheDockerfileParses()
    {
        var (exit, output) = await ValidateAsync(Path.Combine(ServiceProcess.RepositoryRoot, "deploy"));

        Assert.True(exit == 0, output);
        foreach (var kind in new[] { "apps/v1/Deployment", "batch/v1/Job", "v1/Service", "v1/ConfigMap", "policy/v1/PodDisruptionBudget", "autoscaling/v2/HorizontalPodAutoscaler" })
            Assert.Contains($"{kind} ", output, StringComparison.Ordinal);
        Assert.Contains("Dockerfile: valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCheckRefusesAManifestOfTheWrongShapeAndABrokenDockerfile()
    {
        var copy = Directory.CreateTempSubdirectory("customer-service-deploy-check-");
        try
        {
            var source = Path.Combine(ServiceProcess.RepositoryRoot, "deploy");
            Directory.CreateDirectory(Path.Combine(copy.FullName, "kubernetes"));
            foreach (var file in Directory.GetFiles(Path.Combine(source, "kubernetes")))
                File.Copy(file, Path.Combine(copy.FullName, "kubernetes", Path.GetFileName(file)));
            var deployment = Path.Combine(copy.FullName, "kubernetes", "deployment.yaml");
            await File.WriteAllTextAsync(deployment, (await File.ReadAllTextAsync(deployment)).Replace("replicas: 3", "replicas: three", StringComparison.Ordinal));
            await File.WriteAllTextAsync(Path.Combine(copy.FullName, "Dockerfile"),
                (await File.ReadAllTextAsync(Path.Combine(source, "Dockerfile"))).Replace("EXPOSE 8080", "EXPOSE eighty", StringComparison.Ordinal));

            var (exit, output) = await ValidateAsync(copy.FullName);

            Assert.Equal(1, exit);
            Assert.Contains("replicas must be integer", output, StringComparison.Ordinal);
            Assert.Contains("Dockerfile:", output, StringComparison.Ordinal);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    private static async Task<(int Exit, string Output)> ValidateAsync(string deployFolder)
    {
        var check = Path.Combine(ServiceProcess.RepositoryRoot, "tests", "deploy-check");
        if (!Directory.Exists(Path.Combine(check, "node_modules")))
        {
            var message = "tests/deploy-check is not installed (npm ci there; the test build does it when npm is present).";
            if (Environment.GetEnvironmentVariable("CI") is "true" or "1") Assert.Fail(message);
            Assert.Skip(message);
        }
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = check };
        start.ArgumentList.Add("validate.mjs");
        start.ArgumentList.Add(deployFolder);
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (node.ExitCode, await output + await errors);
    }
}
