using System.Text.Json;
using Feed.LoadTest.Options;

namespace Feed.LoadTest.Tests;

/// <summary>
/// The report's fields, including the tester's own memory per connection. That figure is a
/// difference of this process's managed heap, and the test process also hosts other classes'
/// servers and testers: one of them freeing memory between the two reads made it negative (CI).
/// So these run alone, as a tester process does.
/// </summary>
[Collection(MeasuredAloneCollection.Name)]
public sealed class LoadTestReportTests(LoadTestServer server) : IClassFixture<LoadTestServer>
{
    [Fact]
    public async Task Idle_connections_are_counted_and_the_json_report_has_every_field()
    {
        var path = Path.Combine(Path.GetTempPath(), $"loadtest-{Guid.NewGuid():N}.json");
        try
        {
            var report = await LoadTestCorrectnessTests.RunAsync(new LoadTestOptions
            {
                Urls = [server.BaseUrl],
                Connections = 100,
                Publishers = 0,
                Duration = TimeSpan.Zero,
                OutFile = path,
            });

            Assert.Equal(100, report.Connections.Succeeded);
            Assert.Equal(0, report.Connections.Failed);
            Assert.True(report.Correct);
            Assert.NotNull(report.Server);
            Assert.True(report.Server.ConnectionsAfter - report.Server.ConnectionsBefore >= 100);

            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path));
            var root = json.RootElement;
            foreach (var field in new[]
                     {
                         "connections.attempted", "connections.succeeded", "connections.failed", "deliveries.expected",
                         "deliveries.received", "deliveries.missing", "deliveries.duplicates", "deliveriesPerSecond",
                         "latencyMs.p50", "latencyMs.p90", "latencyMs.p99", "latencyMs.p999", "latencyMs.max",
                         "connectMs.p50", "connectMs.p99", "server.memoryPerConnectionBytes", "server.jitMethodsWhileDelivering", "errors",
                         "scenario.client", "tester.memoryPerConnectionBytes", "tester.managedHeapPerConnectionBytes",
                     })
            {
                var element = field.Split('.').Aggregate(root, (e, name) => e.GetProperty(name));
                Assert.NotEqual(JsonValueKind.Null, element.ValueKind);
            }
            Assert.Equal(100, root.GetProperty("connections").GetProperty("succeeded").GetInt64());
            Assert.Equal("raw", root.GetProperty("scenario").GetProperty("client").GetString());
            Assert.True(report.Tester.ManagedHeapPerConnectionBytes > 0, "the tester's memory per connection was not measured");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
