using System.Globalization;

namespace BenchTool;

/// <summary>--name value pairs.</summary>
public sealed class Options(Dictionary<string, string> values)
{
    public static Options Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string? name = null;
        foreach (var a in args)
        {
            if (a.StartsWith("--", StringComparison.Ordinal)) { name = a[2..]; values[name] = "true"; }
            else if (name is not null) { values[name] = a; name = null; }
            else throw new ArgumentException($"Unexpected argument {a}.");
        }
        return new Options(values);
    }

    public string Required(string name) => values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required.");

    public string? Get(string name) => values.GetValueOrDefault(name);

    public long Long(string name, long fallback) => values.TryGetValue(name, out var v) ? long.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
