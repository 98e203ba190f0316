using Feed.Core;
using Feed.Server.Hubs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.Server.Tests.Infrastructure;

/// <summary>The test host runs Program itself, and the settings a test gives reach Program's wiring.</summary>
public sealed class FeedServerTests
{
    [Fact]
    public async Task Settings_read_while_Program_wires_the_app_take_effect()
    {
        await using var stock = await FeedServer.StartAsync(new Dictionary<string, string?>
        {
            [FeedServiceCollectionExtensions.StockSignalRKey] = "true",
        });
        await using var ours = await FeedServer.StartAsync();

        Assert.IsType<DefaultHubLifetimeManager<FeedHub>>(stock.Services.GetRequiredService<HubLifetimeManager<FeedHub>>());
        Assert.IsType<Feed.SignalR.FeedHubLifetimeManager<FeedHub>>(ours.Services.GetRequiredService<HubLifetimeManager<FeedHub>>());
    }

    [Fact]
    public async Task A_given_store_replaces_the_configured_one_and_serves_on_a_loopback_port()
    {
        var store = new InMemoryFeedStore();
        await using var server = await FeedServer.StartAsync(store: store);

        Assert.Same(store, server.Services.GetRequiredService<IFeedStore>());
        Assert.True(System.Net.IPAddress.IsLoopback(System.Net.IPAddress.Parse(server.BaseUrl.Host)));
        Assert.Equal("OK", (await server.Http.GetAsync("/healthz")).StatusCode.ToString());
    }
}
