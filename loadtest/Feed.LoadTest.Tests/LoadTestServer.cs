using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Feed.Server;

namespace Feed.LoadTest.Tests;

/// <summary>
/// A real Feed server on a loopback Kestrel port, wired as Program.cs does (AddFeed, MapFeed),
/// in Development (dev tokens, admin stats) with demo activity off and publish limits raised.
/// One per test class.
/// </summary>
public sealed class LoadTestServer : IAsyncLifetime
{
    private WebApplication? _app;

    public Uri BaseUrl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Feed:Demo:ActivityInterval"] = "00:00:00",
            ["Feed:Demo:Users"] = "20",
            ["Feed:Limits:PublishBurst"] = "10000",
            ["Feed:Limits:PublishPerSecond"] = "10000",
        });
        builder.Logging.ClearProviders();
        builder.Services.AddFeed(builder.Configuration, builder.Environment);
        _app = builder.Build();
        _app.MapFeed();
        await _app.StartAsync();
        BaseUrl = new Uri(_app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
