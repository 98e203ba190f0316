using System.ComponentModel.DataAnnotations;

namespace Feed.SignalR;

/// <summary>Options of Feed's delivery engine (<see cref="FeedHubLifetimeManager{THub}"/>, and the backplanes that compose it).</summary>
public sealed class FeedDeliveryOptions
{
    /// <summary>Messages that may wait for one connection whose pipe is full (it stopped reading) before it is dropped as too slow.</summary>
    [Range(1, 100_000)]
    public int SendBacklog { get; set; } = 256;

    /// <summary>
    /// Flushers writing connections in parallel. Default: one per two cores the process may run on
    /// (<see cref="Environment.ProcessorCount"/> follows the CPU affinity, so <c>taskset</c> changes
    /// it), at least one. A flusher holds a thread-pool thread for a whole fan-out while every write
    /// it makes wakes a transport that needs a thread too, to send. On 2 cores one flusher gave 0.87x
    /// the fan-out p99 of two (means of four runs, within their spread; docs/benchmarks.md). Configurable as
    /// <c>Feed:Delivery:Flushers</c>, to measure the flushers' scaling.
    /// </summary>
    [Range(1, 1024)]
    public int Flushers { get; set; } = DefaultFlushers;

    internal static int DefaultFlushers => Math.Max(1, Environment.ProcessorCount / 2);
}
