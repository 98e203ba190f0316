using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Feed.Redis.Internal.Backplane;

/// <summary>
/// Whether the backplane works: both Redis connections (commands, to publish; subscriber, to
/// receive) are up. Turns the connection's per-socket events into one down/up transition each,
/// logs them, and counts the publishes that were skipped while down.
/// </summary>
internal sealed class BackplaneState(ILogger logger)
{
    private readonly Lock _lock = new();
    private bool _interactiveUp;
    private bool _subscriptionUp;
    private bool _up;
    private long _downSince;
    private long _missed;

    public bool IsUp
    {
        get { lock (_lock) { return _up; } }
    }

    /// <summary>Called outside the connection's reconnect loop when the backplane goes down.</summary>
    public Action? Lost { get; set; }

    /// <summary>Called outside the connection's reconnect loop when the backplane is back.</summary>
    public Action? Restored { get; set; }

    public void CountMissed() => Interlocked.Increment(ref _missed);

    public async Task AttachAsync(RedisConnection connection)
    {
        connection.ConnectionLost += (_, e) => Set(e.Kind, up: false);
        connection.ConnectionRestored += (_, e) => Set(e.Kind, up: true);
        var interactiveUp = await PingsAsync(connection);
        lock (_lock)
        {
            _interactiveUp = interactiveUp;
            _subscriptionUp = connection.Subscriber.IsConnected;
            _up = _interactiveUp && _subscriptionUp;
            _downSince = Stopwatch.GetTimestamp();
        }
        if (!IsUp)
        {
            BackplaneLog.Lost(logger);
        }
    }

    private void Set(RedisConnectionKind kind, bool up)
    {
        bool changed;
        bool nowUp;
        lock (_lock)
        {
            if (kind == RedisConnectionKind.Subscription)
            {
                _subscriptionUp = up;
            }
            else
            {
                _interactiveUp = up;
            }
            nowUp = _interactiveUp && _subscriptionUp;
            changed = nowUp != _up;
            _up = nowUp;
        }
        if (!changed)
        {
            return;
        }
        if (nowUp)
        {
            var down = Stopwatch.GetElapsedTime(Interlocked.Exchange(ref _downSince, 0));
            BackplaneLog.Restored(logger, down.TotalSeconds, Interlocked.Exchange(ref _missed, 0));
            Raise(Restored, nameof(Restored));
        }
        else
        {
            Interlocked.Exchange(ref _downSince, Stopwatch.GetTimestamp());
            BackplaneLog.Lost(logger);
            Raise(Lost, nameof(Lost));
        }
    }

    private void Raise(Action? handler, string name)
    {
        if (handler is null)
        {
            return;
        }
        // Off the reconnect loop: a handler may publish, which needs that loop to run.
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

    private static async Task<bool> PingsAsync(RedisConnection connection)
    {
        try
        {
            await connection.PingAsync();
            return true;
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
        {
            return false;
        }
    }
}
