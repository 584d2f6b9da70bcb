using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;

namespace BenchTool;

/// <summary>
/// Turns the statements the service sent for one captured request (PostgreSQL's log with log_statement = all, between
/// two markers a psql session wrote) into a pgbench script, in the order and with the transaction boundaries they were
/// sent. Each statement keeps its text; each bind parameter becomes:
/// <list type="bullet">
/// <item>a pgbench variable when its value is one the request chose (<c>--vars c=10005,sub=1000000010005</c>: the
/// customer, account, subject …), so every transaction asks for another customer as the service's requests do;</item>
/// <item>a variable set by <c>\gset</c> when it is an id an earlier INSERT … RETURNING of the same request produced;</item>
/// <item>an expression of the enrollable row <c>:j</c> when it carries that row's number (street, ESI ID, email,
/// meter ids) or, for <c>--unique</c> values (confirmation, contract and account numbers, event ids), one derived from
/// <c>:j</c>, so replayed inserts stay unique;</item>
/// <item>otherwise the literal the log shows (dates, limits, constants), inlined.</item>
/// </list>
/// Writes &lt;workload&gt;.pgbench.sql and the log lines it came from, &lt;workload&gt;.captured.log, for a reader to diff.
/// </summary>
public static partial class PgbenchScript
{
    public static async Task<int> RunAsync(Options o)
    {
        var logPath = o.Required("log");
        var workload = o.Required("workload");
        var request = o.Required("request");
        var outDir = o.Required("out");
        var header = o.Get("header-file") is { } h ? await File.ReadAllTextAsync(h) : "";
        var vars = ParsePairs(o.Get("vars"));
        var lines = await File.ReadAllLinesAsync(logPath);
        var entries = Parse(lines);

        var marker = $"bench-capture:{workload}:{request}";
        var start = entries.FindIndex(e => e.Message.Contains(marker, StringComparison.Ordinal));
        if (start < 0) throw new InvalidOperationException($"Marker {marker} is not in {logPath}.");
        var end = entries.FindIndex(start + 1, e => e.Message.Contains("bench-capture:", StringComparison.Ordinal));
        if (end < 0) end = entries.Count;
        var app = o.Get("application") ?? "customer-service";
        var segment = entries.Skip(start + 1).Take(end - start - 1).Where(e => e.Application == app).ToList();
        await File.WriteAllLinesAsync(Path.Combine(outDir, $"{workload}.captured.log"), segment.SelectMany(e => e.Lines));

        var statements = Statements(segment);
        var mode = statements.Any(s => s.Named) ? "prepared" : "extended";
        await File.WriteAllTextAsync(Path.Combine(outDir, $"{workload}.mode"), mode + "\n");
        if (statements.Count == 0)
        {
            // Served without the database (from a cache): pgbench has nothing to replay; in a mix it is a transaction doing nothing.
            await File.WriteAllTextAsync(Path.Combine(outDir, $"{workload}.pgbench.sql"),
                $"-- {workload}: the service sent no statement for request {request}.\n\\set noop 0\n");
            await File.WriteAllTextAsync(Path.Combine(outDir, $"{workload}.shape"), "0 0\n");
            Console.WriteLine($"  {workload}: no statements");
            return 0;
        }

        // Values the request chose, and the ids INSERT … RETURNING produced (looked up now: the capture ran one request at a time).
        var exact = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in vars) exact.TryAdd(value, ":" + name);
        var gsets = new Dictionary<int, string>();
        if (o.Get("connection") is { } connection) await ReturnedIdsAsync(connection, statements, exact, gsets);

        var substrings = new List<(string Value, string Expression)>();
        if (vars.TryGetValue("j", out var j)) substrings.Add((j, ":j"));
        foreach (var (value, expression) in ParsePairs(o.Get("unique"))) substrings.Insert(0, (value, expression));

        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"-- {workload}: the {statements.Count} statements the service sent for one request ({request}), captured from PostgreSQL's log");
        sb.AppendLine(CultureInfo.InvariantCulture, $"-- ({workload}.captured.log). Per-request values are variables: {string.Join(", ", vars.Select(v => $"{v.Key} (was {v.Value})"))}.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"-- Backends used: {statements.Select(s => s.Pid).Distinct().Count()}; transactions with an xid: {statements.Where(s => s.Xid != "0").Select(s => s.Xid).Distinct().Count()}.");
        sb.Append(header);
        var uuid = 0;
        var constants = new SortedSet<string>(StringComparer.Ordinal);
        var body = new StringBuilder();
        for (var i = 0; i < statements.Count; i++)
        {
            var s = statements[i];
            var sql = Placeholder().Replace(s.Sql, m =>
            {
                var n = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                if (!s.Parameters.TryGetValue(n, out var value)) throw new InvalidOperationException($"No value for ${n} in: {s.Sql}");
                var written = Parameter(value, exact, substrings, ref uuid);
                if (value is not null && written == Quote(value) && LongNumber().IsMatch(value)) constants.Add(value);
                return written;
            }).TrimEnd();
            body.AppendLine(CultureInfo.InvariantCulture, $"-- pid {s.Pid} session {s.Session} xid {s.Xid}");
            body.Append(HideColons(sql.TrimEnd(';')));
            body.AppendLine(";");
            if (gsets.TryGetValue(i, out var prefix)) body.AppendLine(CultureInfo.InvariantCulture, $"\\gset {prefix}");
        }
        // Numbers of five digits or more left as they were: constants (a lock key, a limit) or ids no variable explains.
        if (constants.Count > 0)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"-- Kept as captured (check they are the same for every request): {string.Join(", ", constants)}.");
            Console.WriteLine($"  {workload}: numbers kept as captured: {string.Join(", ", constants)}");
        }
        sb.Append(body);
        await File.WriteAllTextAsync(Path.Combine(outDir, $"{workload}.pgbench.sql"), sb.ToString());
        await File.WriteAllTextAsync(Path.Combine(outDir, $"{workload}.shape"),
            $"{statements.Count} {statements.Select(s => s.Pid).Distinct().Count()}\n");
        Console.WriteLine($"  {workload}: {statements.Count} statements on {statements.Select(s => s.Pid).Distinct().Count()} backend(s)");
        return 0;
    }

    private static string Parameter(string? value, Dictionary<string, string> exact, List<(string Value, string Expression)> substrings, ref int uuid)
    {
        if (value is null) return "NULL";
        if (exact.TryGetValue(value, out var variable)) return variable;
        if (IntegerArray().IsMatch(value) && value.Length > 2)
        {
            // An id list such as {15}: built from the variables its ids came from.
            var ids = value[1..^1].Split(',');
            if (ids.Any(exact.ContainsKey))
                return "('{' || " + string.Join(" || ',' || ", ids.Select(id => exact.TryGetValue(id, out var v) ? v : Quote(id))) + " || '}')::bigint[]";
        }
        if (substrings.Count > 0 && Uuid().IsMatch(value))
        {
            // Event ids: unique per replayed transaction and ordered like the service's version-7 ids.
            return $"({ReplayedUuid(++uuid)})::uuid";
        }
        if (substrings.Count > 0 && value.Length > 2 && value[0] == '{' && value[^1] == '}' && value[1..^1].Split(',') is var items && items.All(Uuid().IsMatch))
        {
            // An array of event ids (the outbox rows of one customer, inserted by one statement): each replaced as above.
            var replaced = new List<string>();
            foreach (var _ in items) replaced.Add(ReplayedUuid(++uuid));
            return "('{' || " + string.Join(" || ',' || ", replaced) + " || '}')";
        }
        var parts = new List<(string Text, bool Literal)>();
        var rest = value;
        while (rest.Length > 0)
        {
            var hit = substrings.Select(s => (s.Value, s.Expression, At: rest.IndexOf(s.Value, StringComparison.Ordinal)))
                .Where(s => s.At >= 0).OrderBy(s => s.At).ThenByDescending(s => s.Value.Length).FirstOrDefault();
            if (hit.Value is null) { parts.Add((Quote(rest), true)); break; }
            if (hit.At > 0) parts.Add((Quote(rest[..hit.At]), true));
            parts.Add((hit.Expression, false));
            rest = rest[(hit.At + hit.Value.Length)..];
        }
        if (parts.All(p => p.Literal)) return Quote(value);
        var concatenated = "(" + string.Join(" || ", parts.Select(p => p.Literal ? p.Text : $"({p.Text})::text")) + ")";
        return IntegerArray().IsMatch(value) ? concatenated + "::bigint[]" : concatenated;
    }

    /// <summary>
    /// pgbench takes :name anywhere in a statement, string literals included, for a variable (to_char's 'HH24:MI:SS'
    /// would be): such literals are written as the same string in escape syntax, E'HH24\x3aMI\x3aSS'.
    /// </summary>
    private static string HideColons(string sql)
    {
        var sb = new StringBuilder(sql.Length);
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '"')
            {
                var close = sql.IndexOf('"', i + 1);
                close = close < 0 ? sql.Length - 1 : close;
                sb.Append(sql, i, close - i + 1);
                i = close + 1;
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                var close = sql.IndexOf('\n', i);
                close = close < 0 ? sql.Length - 1 : close;
                sb.Append(sql, i, close - i + 1);
                i = close + 1;
            }
            else if (c == '\'')
            {
                var value = new StringBuilder();
                var j = i + 1;
                while (j < sql.Length)
                {
                    if (sql[j] == '\'' && j + 1 < sql.Length && sql[j + 1] == '\'') { value.Append('\''); j += 2; continue; }
                    if (sql[j] == '\'') break;
                    value.Append(sql[j++]);
                }
                var text = value.ToString();
                var escaped = i > 0 && sql[i - 1] is 'E' or 'e';
                if (!escaped && ColonName().IsMatch(text))
                    sb.Append("E'").Append(text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal).Replace(":", "\\x3a", StringComparison.Ordinal)).Append('\'');
                else
                    sb.Append(sql, i, Math.Min(j + 1, sql.Length) - i);
                i = j + 1;
            }
            else
            {
                sb.Append(c);
                i++;
            }
        }
        return sb.ToString();
    }

    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static async Task ReturnedIdsAsync(string connection, List<Statement> statements, Dictionary<string, string> exact, Dictionary<int, string> gsets)
    {
        var inserts = statements.Select((s, i) => (Index: i, Match: InsertReturning().Match(s.Sql)))
            .Where(x => x.Match.Success && !MultiRow().IsMatch(x.Match.Groups[0].Value)).ToList();
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        foreach (var group in inserts.GroupBy(x => (Table: x.Match.Groups[1].Value, Column: x.Match.Groups[2].Value)))
        {
            // Only ids a sequence hands out (identity or serial columns) are the request's own, in insertion order.
            await using (var identity = new NpgsqlCommand("SELECT pg_get_serial_sequence(quote_ident(@t), @c) IS NOT NULL", conn))
            {
                identity.Parameters.AddWithValue("t", group.Key.Table);
                identity.Parameters.AddWithValue("c", group.Key.Column);
                if (!(bool)(await identity.ExecuteScalarAsync())!) continue;
            }
            var ids = new List<string>();
            await using (var cmd = new NpgsqlCommand($"SELECT t.\"{group.Key.Column}\"::text FROM \"{group.Key.Table}\" AS t ORDER BY t.\"{group.Key.Column}\" DESC LIMIT {group.Count()}", conn))
            await using (var reader = await cmd.ExecuteReaderAsync())
                while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
            ids.Reverse();
                foreach (var (insert, id) in group.Zip(ids))
            {
                var usedLater = statements.Skip(insert.Index + 1).Any(s => s.Parameters.ContainsValue(id));
                if (!usedLater || exact.ContainsKey(id)) continue;
                if (gsets.Values.Any(p => exact.GetValueOrDefault(id) == $":{p}{group.Key.Column}"))
                    throw new InvalidOperationException($"Two inserts of the captured request returned {id}: the ids cannot be told apart.");
                var prefix = $"r{insert.Index}_";
                gsets[insert.Index] = prefix;
                exact[id] = $":{prefix}{group.Key.Column}";
            }
        }
    }

    private static Dictionary<string, string> ParsePairs(string? text) =>
        string.IsNullOrEmpty(text) ? new Dictionary<string, string>(StringComparer.Ordinal)
        : text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    private sealed record Entry(string Pid, string Session, string Xid, string Application, string Severity, string Message, List<string> Lines);

    /// <param name="Named">Sent as a named prepared statement (execute S_1), as Npgsql does with auto-prepare on.</param>
    private sealed record Statement(string Pid, string Session, string Xid, string Sql, Dictionary<int, string?> Parameters, bool Named);

    private static List<Entry> Parse(string[] lines)
    {
        var entries = new List<Entry>();
        foreach (var line in lines)
        {
            var m = Prefix().Match(line);
            if (m.Success)
                entries.Add(new Entry(m.Groups["pid"].Value, m.Groups["s"].Value, m.Groups["x"].Value, m.Groups["a"].Value, m.Groups["sev"].Value, m.Groups["msg"].Value, [line]));
            else if (entries.Count > 0)
            {
                var last = entries[^1];
                last.Lines.Add(line);
                entries[^1] = last with { Message = last.Message + "\n" + (line.StartsWith('\t') ? line[1..] : line) };
            }
        }
        return entries;
    }

    /// <summary>"execute &lt;name&gt;: sql" (extended protocol) or "statement: sql" (simple), each with the DETAIL line of its parameters.</summary>
    private static List<Statement> Statements(List<Entry> segment)
    {
        var statements = new List<Statement>();
        for (var i = 0; i < segment.Count; i++)
        {
            var e = segment[i];
            if (e.Severity != "LOG") continue;
            var m = Executed().Match(e.Message);
            if (!m.Success) continue;
            var parameters = new Dictionary<int, string?>();
            if (i + 1 < segment.Count && segment[i + 1].Severity == "DETAIL" && segment[i + 1].Pid == e.Pid
                && segment[i + 1].Message.StartsWith("parameters: ", StringComparison.OrdinalIgnoreCase))
                parameters = ParseParameters(segment[i + 1].Message["parameters: ".Length..]);
            statements.Add(new Statement(e.Pid, e.Session, e.Xid, m.Groups["sql"].Value, parameters,
                e.Message.StartsWith("execute ", StringComparison.Ordinal) && !e.Message.StartsWith("execute <unnamed>", StringComparison.Ordinal)));
        }
        return statements;
    }

    /// <summary>$1 = '…', $2 = NULL … as PostgreSQL writes them ('' inside a value is one quote).</summary>
    private static Dictionary<int, string?> ParseParameters(string text)
    {
        var result = new Dictionary<int, string?>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] is ',' or ' ') { i++; continue; }
            if (text[i] != '$') throw new FormatException($"Unexpected parameter list: {text}");
            var eq = text.IndexOf(" = ", i, StringComparison.Ordinal);
            var n = int.Parse(text[(i + 1)..eq], CultureInfo.InvariantCulture);
            i = eq + 3;
            if (string.CompareOrdinal(text, i, "NULL", 0, 4) == 0) { result[n] = null; i += 4; continue; }
            if (text[i] != '\'') throw new FormatException($"Unexpected parameter value: {text[i..]}");
            var value = new StringBuilder();
            i++;
            while (true)
            {
                if (text[i] == '\'')
                {
                    if (i + 1 < text.Length && text[i + 1] == '\'') { value.Append('\''); i += 2; continue; }
                    i++;
                    break;
                }
                value.Append(text[i++]);
            }
            result[n] = value.ToString();
        }
        return result;
    }

    [GeneratedRegex(@"^(?<t>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \S+) \[(?<pid>\d+)\] s=(?<s>\S*) x=(?<x>\d+) a=(?<a>\S*) (?<sev>LOG|DETAIL|ERROR|STATEMENT|WARNING|HINT|CONTEXT|FATAL|NOTICE):  (?<msg>.*)$")]
    private static partial Regex Prefix();

    [GeneratedRegex(@"^(?:execute [^:]*|statement): (?<sql>[\s\S]*)$")]
    private static partial Regex Executed();

    [GeneratedRegex(@"\$(\d+)(?!\d)")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^\s*INSERT INTO ""?(\w+)""?[\s\S]*\bRETURNING ""?(\w+)""?\s*;?\s*$")]
    private static partial Regex InsertReturning();

    [GeneratedRegex(@"\bVALUES\s*\([\s\S]*\)\s*,\s*\(")]
    private static partial Regex MultiRow();

    [GeneratedRegex(@"^\{?[0-9]{5,}(,[0-9]+)*\}?$")]
    private static partial Regex LongNumber();

    [GeneratedRegex(@":[A-Za-z_]")]
    private static partial Regex ColonName();

    private static string ReplayedUuid(int n) => $"'b' || lpad(to_hex((:j)::bigint), 7, '0') || '-0000-7000-8000-' || lpad(to_hex({n}), 12, '0')";

    [GeneratedRegex(@"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex Uuid();

    [GeneratedRegex(@"^\{[0-9,]+\}$")]
    private static partial Regex IntegerArray();
}
