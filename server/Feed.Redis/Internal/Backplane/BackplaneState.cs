using System.Diagnostics;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Feed.Redis.Internal.Backplane;

/// <summary>
/// Whether the backplane works: every Redis connection (interactive, to publish; subscription,
/// to receive; one of each per node of a cluster) is up, and after an outage the subscriptions
/// are made again on every node (<see cref="SubscriptionProbe"/>). Turns the multiplexer's
/// per-connection events into one down/up transition each, logs them, and counts the publishes
/// skipped while down. The check after an outage retries until it passes; anything unexpected it
/// meets is logged and it goes on.
/// </summary>
internal sealed class BackplaneState(ILogger logger)
{
    // Stands for "every endpoint" before the first connection: a multiplexer that never
    // connected raises ConnectionRestored, but no ConnectionFailed, for each connection type.
    private const string NotYetConnected = "*";
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly HashSet<(string EndPoint, ConnectionType Type)> _down = [];
    private IConnectionMultiplexer? _redis;
    private SubscriptionProbe? _probe;
    private bool _checking; // every connection is up, the subscriptions not yet known to be back
    private int _transitions; // a check acts only while no transition came after it
    private long _downSince;
    private long _missed;

    public bool IsUp
    {
        get { lock (_lock) { return _down.Count == 0 && !_checking; } }
    }

    /// <summary>Called off the multiplexer's threads when the backplane goes down.</summary>
    public Action? Lost { get; set; }

    /// <summary>Called off the multiplexer's threads when the backplane is back.</summary>
    public Action? Restored { get; set; }

    public void CountMissed() => Interlocked.Increment(ref _missed);

    public void Attach(IConnectionMultiplexer redis)
    {
        _redis = redis;
        _probe = new SubscriptionProbe(redis);
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
        bool lost;
        int transition;
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
            var nowUp = _down.Count == 0;
            if (nowUp == wasUp)
            {
                return;
            }
            transition = ++_transitions;
            // Down again before the last check passed: that outage was never reported over.
            lost = !nowUp && !_checking;
            _checking = nowUp;
            if (lost)
            {
                _downSince = Stopwatch.GetTimestamp();
            }
        }
        if (lost)
        {
            BackplaneLog.Lost(logger);
            Raise(Lost, nameof(Lost));
        }
        else if (up)
        {
            // Off the multiplexer's thread, which raised the event and delivers the probe's answers.
            _ = Task.Run(() => RaiseRestoredAsync(transition));
        }
    }

    /// <summary>Raises Restored once every node has this process's subscriptions again.</summary>
    private async Task RaiseRestoredAsync(int transition)
    {
        var retry = FirstRetry;
        var passes = 0;
        while (Current(transition))
        {
            try
            {
                // StackExchange.Redis makes the subscriptions again when a connection is back, but not
                // always before it says so: one it sends while the node is not yet selectable fails
                // fast (BacklogPolicy.FailFast) and is sent again only by the reconfiguration that
                // follows (seen in CI: an instance's SignalR "all" channel missing for the Resync). A
                // reconfiguration of our own sends whatever is still missing ahead of the probe, which
                // is then answered after them; also after a node refused commands (say NOPERM until an
                // ACL is fixed). False: one is running already, so look again once it is done.
                if (!await _redis!.ConfigureAsync())
                {
                    await Task.Delay(retry);
                    continue;
                }
                await _probe!.AllNodesAsync();
                // A resubscription that pass sent while a node was not yet selectable was dropped
                // without a word (seen in CI on a restarted cluster master), and the probe, sent later,
                // proves only that the node answers now. A second pass, made once every node answered,
                // sends whatever is still missing, and its probe is answered after it.
                if (++passes < 2)
                {
                    continue;
                }
                long downSince;
                lock (_lock)
                {
                    if (_transitions != transition)
                    {
                        return; // down again meanwhile: the next restore checks again
                    }
                    _checking = false;
                    downSince = _downSince;
                }
                BackplaneLog.Restored(logger, Stopwatch.GetElapsedTime(downSince).TotalSeconds, Interlocked.Exchange(ref _missed, 0));
                Raise(Restored, nameof(Restored));
                return;
            }
            catch (Exception e) when (RedisErrors.IsUnavailable(e))
            {
                // Not quite back: look again.
            }
            catch (Exception e)
            {
                // Say, a NOPERM after an ACL change: nothing will be Restored until it passes, so say why.
                BackplaneLog.ProbeFailed(logger, retry, e);
            }
            await Task.Delay(retry);
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LongestRetry.Ticks));
        }
    }

    private bool Current(int transition)
    {
        lock (_lock)
        {
            return _transitions == transition;
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
