using BenchTool;

// bench/run's helper. Commands:
//   generate --connection <cs> --customers N --enrollable E --token-pool P --keys <dev identity key folder> --out <dir>
//   pgbench-script --log <server log> --out <dir> --workload <name> [--j <enrollable row>] …   (see PgbenchScript)
//   report --out <dir>                                                                       (see Report)
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: BenchTool generate|pgbench-script|report --option value …");
    return 2;
}
var options = Options.Parse(args.Skip(1));
return args[0] switch
{
    "generate" => await Generate.RunAsync(options),
    "pgbench-script" => await PgbenchScript.RunAsync(options),
    "report" => await Report.RunAsync(options),
    _ => throw new ArgumentException($"Unknown command {args[0]}."),
};
