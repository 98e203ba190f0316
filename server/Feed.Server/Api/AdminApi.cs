using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace Feed.Server.Api;

/// <summary>
/// <c>GET /api/admin/stats</c>: process memory and connection counts, for load tests and
/// operators; also how many methods the JIT has compiled, so a load test can wait until the tiered
/// JIT's recompiles are done and measure warm code. <c>?gc=true</c> forces a full, compacting collection first, so memory per
/// connection can be measured (outside Development at most once per 10 s). Enabled by
/// <c>Feed:Admin:Stats</c> (default: Development only); with <c>Feed:Auth:AdminKey</c> set (required
/// outside Development) every request must carry it in <c>X-Admin-Key</c>.
/// </summary>
internal static class AdminApi
{
    public sealed record StatsResponse(
        long Connections,
        long ConnectionsOpened,
        long PostsPublished,
        long WorkingSetBytes,
        long ManagedHeapBytes,
        long TotalAllocatedBytes,
        int Gen0Collections,
        int Gen2Collections,
        int ProcessorCount,
        double UptimeSeconds,
        double CpuSeconds,
        long JitCompiledMethods,
        double JitSeconds);

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/admin/stats", (HttpContext http, bool? gc, ServerStats stats, ForcedCollection collection,
            IOptions<FeedAdminOptions> options, IOptions<FeedAuthOptions> auth) =>
        {
            if (options.Value.Stats != true)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Stats are disabled",
                    detail: "set Feed:Admin:Stats=true to enable /api/admin/stats");
            }
            if (!AdminKey.Admits(http.Request, auth.Value.AdminKey))
            {
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Admin key required",
                    detail: $"send the value of Feed:Auth:AdminKey in the {AdminKey.Header} header");
            }
            if (gc == true && !collection.TryCollect(out var retryAfter))
            {
                var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Collected recently",
                    detail: $"a forced collection runs at most once per {ForcedCollection.MinimumInterval.TotalSeconds:0} s; retry in {seconds} s, or ask without gc=true");
            }
            using var process = Process.GetCurrentProcess();
            return Results.Ok(new StatsResponse(
                stats.Connections,
                stats.ConnectionsOpened,
                stats.PostsPublished,
                process.WorkingSet64,
                GC.GetTotalMemory(forceFullCollection: false),
                GC.GetTotalAllocatedBytes(),
                GC.CollectionCount(0),
                GC.CollectionCount(2),
                Environment.ProcessorCount,
                (DateTime.Now - process.StartTime).TotalSeconds,
                process.TotalProcessorTime.TotalSeconds,
                System.Runtime.JitInfo.GetCompiledMethodCount(),
                System.Runtime.JitInfo.GetCompilationTime().TotalSeconds));
        }).AllowAnonymous().Produces<StatsResponse>().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }
}
