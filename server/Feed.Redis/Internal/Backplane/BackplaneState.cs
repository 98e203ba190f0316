using System.Diagnostics;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Feed.Redis.Internal.Backplane;

/// <summary>
/// Whether the backplane works: every Redis connection (interactive, to publish; subscription,
/// to receive; one of each per node of a cluster) is up. Turns the multiplexer's per-connection
/// events into one down/up transition each, logs them, and counts the publishes skipped while down.
/// </summary>
internal sealed class BackplaneState(ILogger logger)
{
    // Stands for "every endpoint" before the first connection: a multiplexer that never
    // connected raises ConnectionRestored, but no ConnectionFailed, for each connection type.
    private const string NotYetConnected = "*";

    private readonly Lock _lock = new();
    private readonly HashSet<(string EndPoint, ConnectionType Type)> _down = [];
    // A channel only this process subscribes to: SPUBLISH to it counts 1 receiver once the
    // subscriptions are made again after a reconnect (StackExchange.Redis makes them after
    // ConnectionRestored), so Restored is raised only when messages can arrive again.
    private readonly RedisChannel _probe = RedisChannel.Sharded("feed:backplane-probe:" + Guid.NewGuid().ToString("N"));
    private IConnectionMultiplexer? _redis;
    private long _downSince;
    private long _missed;

    public bool IsUp
    {
        get { lock (_lock) { return _down.Count == 0; } }
    }

    /// <summary>Called off the multiplexer's threads when the backplane goes down.</summary>
    public Action? Lost { get; set; }

    /// <summary>Called off the multiplexer's threads when the backplane is back.</summary>
    public Action? Restored { get; set; }

    public void CountMissed() => Interlocked.Increment(ref _missed);

    public void Attach(IConnectionMultiplexer redis)
    {
        _redis = redis;
        redis.GetSubscriber().Subscribe(_probe, static (_, _) => { }, CommandFlags.FireAndForget);
        redis.ConnectionFailed += (_, e) => Set(e.EndPoint, e.ConnectionType, up: false);
        redis.ConnectionRestored += (_, e) => Set(e.EndPoint, e.ConnectionType, up: true);
        if (redis.IsConnected)
        {
            return;
        }
        lock (_lock)
        {
            _down.Add((NotYetConnected, ConnectionType.Interactive));
            _down.Add((NotYetConnected, ConnectionType.Subscription));
            _downSince = Stopwatch.GetTimestamp();
        }
        BackplaneLog.Lost(logger);
    }

    private void Set(System.Net.EndPoint? endPoint, ConnectionType type, bool up)
    {
        if (type is not (ConnectionType.Interactive or ConnectionType.Subscription))
        {
            return;
        }
        var key = (endPoint?.ToString() ?? NotYetConnected, type);
        bool changed, nowUp;
        lock (_lock)
        {
            var wasUp = _down.Count == 0;
            if (up)
            {
                _down.Remove(key);
                _down.Remove((NotYetConnected, type));
            }
            else
            {
                _down.Add(key);
            }
            nowUp = _down.Count == 0;
            changed = nowUp != wasUp;
        }
        if (!changed)
        {
            return;
        }
        if (nowUp)
        {
            var down = Stopwatch.GetElapsedTime(Interlocked.Exchange(ref _downSince, 0));
            _ = RaiseRestoredAsync(down);
        }
        else
        {
            Interlocked.Exchange(ref _downSince, Stopwatch.GetTimestamp());
            BackplaneLog.Lost(logger);
            Raise(Lost, nameof(Lost));
        }
    }

    private async Task RaiseRestoredAsync(TimeSpan down)
    {
        await SubscriptionsBackAsync();
        BackplaneLog.Restored(logger, down.TotalSeconds, Interlocked.Exchange(ref _missed, 0));
        Raise(Restored, nameof(Restored));
    }

    /// <summary>Waits (up to 5 s) until the probe's subscription is made again, so the others are too.</summary>
    private async Task SubscriptionsBackAsync()
    {
        var subscriber = _redis!.GetSubscriber();
        for (var attempt = 0; attempt < 50; attempt++)
        {
            try
            {
                if (await subscriber.PublishAsync(_probe, "") > 0)
                {
                    return;
                }
            }
            catch (Exception e) when (RedisErrors.IsUnavailable(e))
            {
                // Not quite back: look again.
            }
            await Task.Delay(100);
        }
    }

    private void Raise(Action? handler, string name)
    {
        if (handler is null)
        {
            return;
        }
        // Off the multiplexer's thread: a handler may publish, which needs that thread free.
        _ = Task.Run(() =>
        {
            try
            {
                handler();
            }
            catch (Exception e)
            {
                BackplaneLog.EventHandlerFailed(logger, name, e);
            }
        });
    }
}
