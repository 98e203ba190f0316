using Feed.Core;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Feed.Server.Tests.Infrastructure;

/// <summary>
/// <c>Program</c> as it ships, on Kestrel at a free loopback port, with the test's settings and
/// log capture. Settings go in as host settings (<c>UseSetting</c>), which <c>Program</c>'s
/// builder sees before it wires anything, so settings read while wiring (store, backplane,
/// stock mode) take effect. The environment is Development unless the settings name another
/// (<c>WebHostDefaults.EnvironmentKey</c>): they are applied after it.
/// </summary>
internal sealed class FeedApplication : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly IFeedStore? _store;
    private readonly CapturedLogs _logs;
    private readonly TimeProvider? _time;

    public FeedApplication(IReadOnlyDictionary<string, string?> settings, IFeedStore? store, CapturedLogs logs, TimeProvider? time = null)
    {
        _settings = settings;
        _store = store;
        _logs = logs;
        _time = time;
        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environments.Development);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        // Registered through a factory, not as an instance, so the container disposes it (CapturedLogs.Disposed).
        builder.ConfigureLogging(logging => logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).Services.AddSingleton<ILoggerProvider>(_ => _logs));
        if (_store is { } store)
        {
            builder.ConfigureServices(services =>
            {
                services.Replace(ServiceDescriptor.Singleton(store));
                if (store is InMemoryFeedStore memory)
                {
                    services.Replace(ServiceDescriptor.Singleton(memory)); // the one the demo seeds
                }
            });
        }
        if (_time is { } time)
        {
            builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton(time)));
        }
    }
}
