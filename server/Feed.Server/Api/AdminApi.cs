using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Feed.Server.Api;

/// <summary>
/// <c>GET /api/admin/stats</c>: process memory and connection counts, for load tests and
/// operators. <c>?gc=true</c> forces a full, compacting collection first, so memory per
/// connection can be measured. Enabled by <c>Feed:Admin:Stats</c> (default: Development only).
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
        double CpuSeconds);

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/admin/stats", (bool? gc, ServerStats stats, IOptions<FeedAdminOptions> options) =>
        {
            if (options.Value.Stats != true)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Stats are disabled",
                    detail: "set Feed:Admin:Stats=true to enable /api/admin/stats");
            }
            if (gc == true)
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
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
                process.TotalProcessorTime.TotalSeconds));
        }).AllowAnonymous().Produces<StatsResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }
}
