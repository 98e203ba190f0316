using Feed.Server.Tests.Infrastructure;
using Feed.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Feed.Server.Tests.Metrics;

/// <summary>With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, metrics are pushed to that collector.</summary>
[Collection(MetricsCollection.Name)]
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Metrics_are_pushed_over_otlp_when_an_endpoint_is_set()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var collector = builder.Build();
        var received = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        collector.MapPost("/v1/metrics", (HttpRequest request) =>
        {
            received.TrySetResult(request.ContentLength ?? 0);
            return Results.Ok();
        });
        await collector.StartAsync();

        await using var server = await FeedServer.StartAsync(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}",
            // The collector above speaks OTLP over HTTP; push every 200 ms rather than every minute.
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        });

        var bytes = await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(bytes > 0, "an empty OTLP export");
    }
}
