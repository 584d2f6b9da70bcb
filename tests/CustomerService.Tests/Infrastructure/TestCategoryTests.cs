using System.Reflection;
using CustomerService.Tests.Infrastructure.Browser;
using Xunit.v3;

namespace CustomerService.Tests.Infrastructure;

/// <summary>The README's parts of the suite add up to the whole: a test gets the category of what it needs, and only that.</summary>
public sealed class TestCategoryTests
{
    [Fact]
    public void EveryTestNeedingABrowserPostgresqlOrABrokerCarriesThatCategoryAndNoOtherTestCarriesOne()
    {
        var assembly = typeof(TestCategoryTests).Assembly;
        var definitions = assembly.GetTypes()
            .Select(t => (Type: t, t.GetCustomAttribute<CollectionDefinitionAttribute>()?.Name))
            .Where(d => d.Name is not null)
            .ToDictionary(d => d.Name!, d => d.Type);
        var assemblyTraits = ExtensibilityPointFactory.GetAssemblyTraits(assembly);
        var wrong = new List<string>();
        foreach (var testClass in assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && TestMethods(t).Any()))
        {
            var collection = testClass.GetCustomAttribute<CollectionAttribute>()?.Name is { } name ? definitions[name] : null;
            var collectionTraits = collection is null ? assemblyTraits : ExtensibilityPointFactory.GetCollectionTraits(collection, assemblyTraits);
            var classTraits = ExtensibilityPointFactory.GetClassTraits(testClass, collectionTraits);
            var expected = Needs(testClass, collection);
            foreach (var method in TestMethods(testClass))
            {
                var traits = ExtensibilityPointFactory.GetMethodTraits(method, classTraits);
                var actual = traits.TryGetValue(TestCategory.Trait, out var values) ? values.Order(StringComparer.Ordinal).ToArray() : [];
                if (!actual.SequenceEqual(expected is null ? [] : [expected]))
                    wrong.Add($"{testClass.Name}.{method.Name}: needs {expected ?? "no category"}, has [{string.Join(", ", actual)}]");
            }
        }
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    private static IEnumerable<MethodInfo> TestMethods(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.IsDefined(typeof(FactAttribute), inherit: true));

    /// <summary>The category of what a test class is given: its constructor's parameters and its collection's fixtures.</summary>
    private static string? Needs(Type testClass, Type? collection)
    {
        var given = testClass.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.ParameterType)
            .Concat(collection?.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollectionFixture<>))
                .Select(i => i.GetGenericArguments()[0]) ?? [])
            .ToList();
        bool Given<T>() => given.Any(typeof(T).IsAssignableFrom);
        if (Given<Chromium>() || Given<PortalOidcApp>()) return TestCategory.Browser;
        if (Given<RabbitMqApp>()) return TestCategory.Broker;
        if (Given<PostgresApp>() || Given<DevelopmentIdentityPostgresApp>()) return TestCategory.Postgres;
        return null;
    }
}
