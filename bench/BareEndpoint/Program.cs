// Serves BENCH_BODY_FILE's bytes as application/json at GET /api/enrollment/plans: what the service answers for plans by
// ZIP, with no work behind it. WebApplication.CreateBuilder, as the service, so Kestrel and hosting defaults are the same.
var builder = WebApplication.CreateBuilder(args);
var body = await File.ReadAllBytesAsync(builder.Configuration["BENCH_BODY_FILE"] ?? throw new InvalidOperationException("Set BENCH_BODY_FILE."));
var app = builder.Build();
app.MapGet("/api/enrollment/plans", () => Results.Bytes(body, "application/json; charset=utf-8"));
app.Run();
