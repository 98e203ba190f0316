using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Feed.Server.Metrics;

/// <summary>
/// Owns Feed's instruments, on the meter <c>Feed</c> (scraped as <c>feed_*</c>); the delivery
/// engine's own (deliveries, slow readers) are in Feed.SignalR's DeliveryMetrics. Tags are of low,
/// fixed cardinality only: never a user id, token or connection id, since every distinct tag
/// value is a time series an operator pays for.
/// </summary>
internal sealed class FeedMetrics
{
    public const string MeterName = "Feed";

    // An up-down counter rather than an observable gauge: when several hosts share a process (the
    // tests), the exporter sums their deltas instead of keeping whichever callback ran last.
    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _connectionsRefused;
    private readonly Counter<long> _posts;
    private readonly Counter<long> _profileFetches;
    private readonly Counter<long> _profileCacheHits;
    private readonly Histogram<double> _storeDuration;
    private readonly UpDownCounter<long> _presenceUsers;
    private readonly Counter<long> _presenceEvents;
    private Func<bool>? _backplaneConnected;

    public FeedMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _connections = meter.CreateUpDownCounter<long>("feed.connections", "{connection}", "Open hub connections on this instance");
        _connectionsRefused = meter.CreateCounter<long>("feed.connections.refused", "{connection}", "New hub connections refused before the upgrade, by reason (max_connections, rate)");
        _posts = meter.CreateCounter<long>("feed.posts.published", "{post}", "Posts published on this instance");
        meter.CreateObservableGauge("feed.backplane.up", ObserveBackplaneUp, description: "1 while the backplane is reachable, 0 while it is down; absent without a backplane");
        _profileFetches = meter.CreateCounter<long>("feed.profile.fetches", "{fetch}", "Profile service calls, by outcome (ok, failed)");
        _profileCacheHits = meter.CreateCounter<long>("feed.profile.cache_hits", "{lookup}", "Profiles served from the cache without a fetch");
        _storeDuration = meter.CreateHistogram("feed.store.duration", "s", "Duration of feed store calls, by operation and outcome",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
        _presenceUsers = meter.CreateUpDownCounter<long>("feed.presence.online_users", "{user}", "Distinct users with a live hub connection on this instance");
        _presenceEvents = meter.CreateCounter<long>("feed.presence.events", "{event}", "Presence changes this instance sent to followers, by state (online, offline)");
    }

    /// <summary>Records 0 on every series known in advance (each outcome of a fetch too), so an exporter shows them before first use.</summary>
    public void StartAtZero()
    {
        _connections.Add(0);
        _posts.Add(0);
        _profileFetches.Add(0, Outcome(ok: true));
        _profileFetches.Add(0, Outcome(ok: false));
        _profileCacheHits.Add(0);
        _presenceUsers.Add(0);
        _presenceEvents.Add(0, State(online: true));
        _presenceEvents.Add(0, State(online: false));
        foreach (var reason in new[] { Admission.ConnectionAdmission.FullReason, Admission.ConnectionAdmission.RateReason })
        {
            _connectionsRefused.Add(0, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    public void ConnectionOpened() => _connections.Add(1);

    public void ConnectionClosed() => _connections.Add(-1);

    public void ConnectionRefused(string reason) => _connectionsRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void PostPublished() => _posts.Add(1);

    /// <summary>Reports the backplane's state from now on (there is none in one-instance mode).</summary>
    public void ObserveBackplane(Func<bool> isConnected) => Volatile.Write(ref _backplaneConnected, isConnected);

    public void ProfileFetched(bool ok) => _profileFetches.Add(1, Outcome(ok));

    public void ProfileCacheHit() => _profileCacheHits.Add(1);

    public void PresenceUsersChanged(int delta) => _presenceUsers.Add(delta);

    public void PresenceEventSent(bool online) => _presenceEvents.Add(1, State(online));

    public void StoreCallEnded(string operation, long startTimestamp, bool ok) =>
        _storeDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds,
            new KeyValuePair<string, object?>("operation", operation),
            new KeyValuePair<string, object?>("outcome", ok ? "ok" : "error"));

    private static KeyValuePair<string, object?> Outcome(bool ok) => new("outcome", ok ? "ok" : "failed");

    private static KeyValuePair<string, object?> State(bool online) => new("state", online ? "online" : "offline");

    private IEnumerable<Measurement<int>> ObserveBackplaneUp()
    {
        var isConnected = Volatile.Read(ref _backplaneConnected);
        return isConnected is null ? [] : [new Measurement<int>(isConnected() ? 1 : 0)];
    }
}
