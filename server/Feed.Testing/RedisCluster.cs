using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Feed.Testing;

/// <summary>
/// A throwaway Redis Cluster of three masters (no replicas) on free ports, each node in its own
/// directory with its own nodes.conf, so a node can be killed and started again with its
/// cluster identity (and slots) intact. Slots as <c>redis-cli --cluster create</c> assigns them:
/// node 0 holds 0-5460, node 1 5461-10922, node 2 10923-16383. Disposing kills every node.
/// </summary>
public sealed class RedisCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly string _work = Directory.CreateTempSubdirectory("feed-redis-cluster").FullName;
    private readonly TestProcess?[] _nodes;

    private RedisCluster(int[] ports)
    {
        Ports = ports;
        _nodes = new TestProcess?[ports.Length];
    }

    public IReadOnlyList<int> Ports { get; }

    /// <summary>Every node's <c>127.0.0.1:port</c>.</summary>
    public IReadOnlyList<string> EndPoints => [.. Ports.Select(p => $"127.0.0.1:{p}")];

    /// <summary>The masters, comma-separated: a StackExchange.Redis connection string.</summary>
    public string ConnectionString => string.Join(',', EndPoints);

    /// <summary>The first slot past node <paramref name="node"/>'s range ends it; see the class comment.</summary>
    public static (int First, int Last) SlotsOf(int node) => node switch
    {
        0 => (0, 5460),
        1 => (5461, 10922),
        2 => (10923, 16383),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    public static async Task<RedisCluster> StartAsync()
    {
        var cluster = new RedisCluster([ClusterPort(), ClusterPort(), ClusterPort()]);
        try
        {
            for (var i = 0; i < cluster.Ports.Count; i++)
            {
                await cluster.StartNodeAsync(i);
            }
            await using var create = TestProcess.Start("redis-cli", ["--cluster", "create", .. cluster.EndPoints, "--cluster-replicas", "0", "--cluster-yes"]);
            await create.Exited.WaitAsync(StartTimeout);
            if (!create.Output.Contains("All 16384 slots covered", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("redis-cli --cluster create failed: " + create.Output);
            }
            await cluster.WaitUntilHealthyAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills a node, as a crash would.</summary>
    public async Task KillAsync(int node)
    {
        if (_nodes[node] is { } process)
        {
            await process.KillAsync();
        }
    }

    /// <summary>Starts a killed node again on its port with its nodes.conf, and waits for the cluster to be whole.</summary>
    /// <param name="arguments">More redis-server arguments for this start only, e.g. an ACL rule.</param>
    public async Task RestartAsync(int node, params IEnumerable<string> arguments)
    {
        if (_nodes[node] is { } old)
        {
            await old.DisposeAsync();
        }
        await StartNodeAsync(node, arguments);
        await WaitUntilHealthyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
        }
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // A node still closing its files: the temp directory is left behind.
        }
    }

    private async Task StartNodeAsync(int node, IEnumerable<string>? arguments = null)
    {
        var port = Ports[node].ToString(CultureInfo.InvariantCulture);
        var dir = Directory.CreateDirectory(Path.Combine(_work, port)).FullName;
        _nodes[node] = TestProcess.Start("redis-server",
        [
            "--port", port, "--bind", "127.0.0.1", "--dir", dir,
            "--cluster-enabled", "yes", "--cluster-config-file", $"nodes-{port}.conf",
            // Fast failure detection, so a killed node is marked failed (and back) within seconds.
            "--cluster-node-timeout", "2000",
            "--save", "", "--appendonly", "no",
            .. arguments ?? [],
        ]);
        await _nodes[node]!.WaitForOutputAsync(l => l.Contains("Ready to accept connections", StringComparison.Ordinal), StartTimeout);
    }

    private async Task WaitUntilHealthyAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        foreach (var port in Ports)
        {
            while (true)
            {
                await using var info = TestProcess.Start("redis-cli", ["-p", port.ToString(CultureInfo.InvariantCulture), "cluster", "info"]);
                await info.Exited.WaitAsync(StartTimeout);
                if (info.Output.Contains("cluster_state:ok", StringComparison.Ordinal))
                {
                    break;
                }
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"cluster node {port} never reported cluster_state:ok: {info.Output}");
                }
                await Task.Delay(100);
            }
        }
    }

    /// <summary>A free port whose cluster bus port (port + 10000) is free too.</summary>
    private static int ClusterPort()
    {
        while (true)
        {
            var port = FreePort.Next();
            if (port + 10000 <= IPEndPoint.MaxPort && IsFree(port + 10000))
            {
                return port;
            }
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
