using System.Threading.RateLimiting;
using Feed.Server.Metrics;
using Microsoft.Extensions.Options;

namespace Feed.Server.Admission;

/// <summary>
/// Whether this instance takes one more hub connection (<c>Feed:Limits:MaxConnections</c>,
/// <c>Feed:Limits:ConnectsPerSecond</c>). When an instance dies its clients all reconnect to the
/// others at once; refusing the excess before the upgrade, with a Retry-After that spreads them
/// over the coming seconds, keeps the instances that take them responsive for the connections
/// they already hold.
/// <para>
/// A connection holds a permit of <see cref="ConcurrencyLimiter"/> from its admission until it
/// closes. Between the two (negotiate, transport, handshake: separate requests) the permit waits
/// as a reservation that the next hub connection to open takes over (<see cref="Claim"/>);
/// reservations are interchangeable, and one nobody takes within <see cref="ReservationTimeout"/>
/// (a client that negotiated and went away) is given back.
/// </para>
/// </summary>
internal sealed class ConnectionAdmission : IDisposable
{
    public const string FullReason = "max_connections";
    public const string RateReason = "rate";

    /// <summary>How long a client refused by a full instance is asked to wait: nothing says when a slot frees.</summary>
    public static readonly TimeSpan FullRetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>Longer than a handshake may take (SignalR's HandshakeTimeout is 15 s).</summary>
    public static readonly TimeSpan ReservationTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time;
    private readonly FeedMetrics _metrics;
    private readonly ILogger<ConnectionAdmission> _logger;
    private readonly ConcurrencyLimiter? _slots;
    private readonly Queue<Reservation> _reserved = new();
    private readonly ConnectRateLimit? _rate;

    public ConnectionAdmission(IOptions<FeedLimitsOptions> options, TimeProvider time, FeedMetrics metrics, ILogger<ConnectionAdmission> logger)
    {
        _time = time;
        _metrics = metrics;
        _logger = logger;
        var limits = options.Value;
        if (limits.MaxConnections > 0)
        {
            _slots = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = limits.MaxConnections, QueueLimit = 0 });
        }
        if (limits.ConnectsPerSecond > 0)
        {
            _rate = new ConnectRateLimit(limits.ConnectsPerSecond, time);
        }
    }

    /// <summary>Admits a new connection (reserving its slot) or says why not and when to come back.</summary>
    public AdmissionDecision TryAdmit()
    {
        var slot = TakeSlot();
        if (slot is { IsAcquired: false })
        {
            slot.Dispose();
            return Refuse(FullReason, FullRetryAfter);
        }
        if (_rate is not null && !_rate.TryAcquire(out var retryAfter))
        {
            slot?.Dispose();
            return Refuse(RateReason, retryAfter < MaxRetryAfter ? retryAfter : MaxRetryAfter);
        }
        if (slot is not null)
        {
            lock (_reserved)
            {
                _reserved.Enqueue(new Reservation(slot, _time.GetUtcNow() + ReservationTimeout));
            }
        }
        return AdmissionDecision.Admitted;
    }

    /// <summary>
    /// The slot for a hub connection that just opened: a reservation made when it was admitted,
    /// else a free slot, else none (it was admitted, so it stays; the count catches up when it closes).
    /// Dispose it when the connection closes.
    /// </summary>
    public RateLimitLease? Claim()
    {
        if (_slots is null)
        {
            return null;
        }
        var now = _time.GetUtcNow();
        lock (_reserved)
        {
            while (_reserved.TryDequeue(out var reservation))
            {
                if (reservation.ExpiresAt > now)
                {
                    return reservation.Slot;
                }
                reservation.Slot.Dispose();
            }
        }
        var slot = _slots.AttemptAcquire();
        if (slot.IsAcquired)
        {
            return slot;
        }
        slot.Dispose();
        return null;
    }

    public void Dispose()
    {
        _rate?.Dispose();
        _slots?.Dispose();
    }

    /// <summary>A slot, after giving back lapsed reservations if none is free; null without a connection limit.</summary>
    private RateLimitLease? TakeSlot()
    {
        if (_slots is null)
        {
            return null;
        }
        var slot = _slots.AttemptAcquire();
        if (slot.IsAcquired)
        {
            return slot;
        }
        slot.Dispose();
        var now = _time.GetUtcNow();
        lock (_reserved)
        {
            // Reservations expire in the order they were made.
            while (_reserved.TryPeek(out var oldest) && oldest.ExpiresAt <= now)
            {
                _reserved.Dequeue().Slot.Dispose();
            }
        }
        return _slots.AttemptAcquire();
    }

    private AdmissionDecision Refuse(string reason, TimeSpan retryAfter)
    {
        _metrics.ConnectionRefused(reason);
        var decision = new AdmissionDecision(reason, TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds))));
        AdmissionLog.Refused(_logger, reason, decision.RetryAfter.TotalSeconds);
        return decision;
    }

    private readonly record struct Reservation(RateLimitLease Slot, DateTimeOffset ExpiresAt);
}

/// <summary>A new connection's admission: <see cref="RefusedBecause"/> is null when admitted.</summary>
internal readonly record struct AdmissionDecision(string? RefusedBecause, TimeSpan RetryAfter)
{
    public static AdmissionDecision Admitted => default;

    public bool IsAdmitted => RefusedBecause is null;
}
