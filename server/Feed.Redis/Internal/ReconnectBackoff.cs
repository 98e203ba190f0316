namespace Feed.Redis.Internal;

/// <summary>
/// Delays between reconnect attempts: doubling from the minimum up to the cap, with up to 20%
/// random jitter so many instances that lost Redis together do not reconnect in lockstep.
/// </summary>
internal sealed class ReconnectBackoff
{
    private readonly TimeSpan _min;
    private readonly TimeSpan _max;
    private TimeSpan _next;

    public ReconnectBackoff(TimeSpan min, TimeSpan max)
    {
        _min = min;
        _max = max;
        _next = min;
    }

    public int Attempt { get; private set; }

    public TimeSpan NextDelay()
    {
        Attempt++;
        var delay = _next;
        _next = TimeSpan.FromTicks(Math.Min(_max.Ticks, _next.Ticks * 2));
        var jitter = delay.Ticks / 5 * Random.Shared.NextDouble();
        return TimeSpan.FromTicks(Math.Min(_max.Ticks, delay.Ticks + (long)jitter));
    }

    public void Reset()
    {
        Attempt = 0;
        _next = _min;
    }
}
