using System.Globalization;
using StackExchange.Redis;

namespace Feed.Testing;

/// <summary>How often Redis ran a command (<c>INFO commandstats</c>), summed over servers (a cluster's nodes).</summary>
public static class RedisCommandStats
{
    /// <summary>Calls of <paramref name="command"/> (e.g. <c>spublish</c>) on every endpoint (<c>host:port</c>).</summary>
    public static async Task<long> CallsAsync(string command, params IEnumerable<string> endPoints)
    {
        long total = 0;
        foreach (var endPoint in endPoints)
        {
            // Directly to the node (not cluster-routed): each counts only what it ran itself.
            await using var probe = await ConnectionMultiplexer.ConnectAsync(endPoint + ",allowAdmin=true,connectRetry=5");
            var server = probe.GetServer(endPoint);
            var stats = (await server.InfoAsync("commandstats")).SelectMany(g => g)
                .FirstOrDefault(p => string.Equals(p.Key, "cmdstat_" + command, StringComparison.OrdinalIgnoreCase));
            // The value reads "calls=12,usec=...": no entry means never called.
            total += stats.Value is null ? 0 : long.Parse(stats.Value.Split(',')[0].Split('=')[1], CultureInfo.InvariantCulture);
        }
        return total;
    }
}
