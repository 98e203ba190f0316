using System.ComponentModel.DataAnnotations;

namespace Feed.SignalR;

/// <summary>Options of Feed's delivery engine (<see cref="FeedHubLifetimeManager{THub}"/>, and the backplanes that compose it).</summary>
public sealed class FeedDeliveryOptions
{
    /// <summary>Messages that may wait for one connection whose pipe is full (it stopped reading) before it is dropped as too slow.</summary>
    [Range(1, 100_000)]
    public int SendBacklog { get; set; } = 256;

    /// <summary>
    /// Flushers writing connections in parallel. Default: one per core the process may run on
    /// (<see cref="Environment.ProcessorCount"/> follows the CPU affinity, so <c>taskset</c> changes it).
    /// Not a documented setting: it exists to measure the flushers' scaling.
    /// </summary>
    [Range(1, 1024)]
    public int Flushers { get; set; } = Environment.ProcessorCount;
}
