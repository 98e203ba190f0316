using System.Collections.Concurrent;
using Feed.Core;
using Feed.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Feed.Server.Tests.Profiles;

/// <summary>
/// A profile service on a loopback port that counts the calls it gets and answers as the test
/// says: by default at once with a profile; <see cref="Failing"/> with 500; an id starting
/// <c>slow</c> never (until disposed); while <see cref="Gate"/> is set, each call waits for it.
/// </summary>
internal sealed class ProfileService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private int _inFlight;
    private int _maxInFlight;
    private int _total;

    private ProfileService(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public volatile bool Failing;

    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Completes when a call for the id has arrived.</summary>
    public ConcurrentDictionary<string, TaskCompletionSource> Arrived { get; } = new(StringComparer.Ordinal);

    public int Total => Volatile.Read(ref _total);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public int InFlight => Volatile.Read(ref _inFlight);

    public int CallsFor(string id) => _calls.GetValueOrDefault(id);

    public static async Task<ProfileService> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var service = new ProfileService(app, new Uri($"http://127.0.0.1:{port}/"));
        app.MapGet("/api/users/{id}", service.AnswerAsync);
        await app.StartAsync();
        return service;
    }

    public TaskCompletionSource ArrivalOf(string id) =>
        Arrived.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private async Task<IResult> AnswerAsync(string id)
    {
        _calls.AddOrUpdate(id, 1, (_, n) => n + 1);
        Interlocked.Increment(ref _total);
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while ((seen = Volatile.Read(ref _maxInFlight)) < now && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }
        ArrivalOf(id).TrySetResult();
        try
        {
            if (Gate is { } gate)
            {
                await gate.Task.WaitAsync(_stopping.Token);
            }
            if (id.StartsWith("slow", StringComparison.Ordinal))
            {
                await Task.Delay(Timeout.Infinite, _stopping.Token);
            }
            return Failing
                ? Results.StatusCode(StatusCodes.Status500InternalServerError)
                : Results.Json(new UserProfile(id, "Name of " + id, $"/avatars/{id}.svg", null));
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
