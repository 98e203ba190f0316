using System.Diagnostics.Metrics;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using Feed.Core;
using Feed.SignalR;
using Feed.SignalR.Delivery;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Feed.Benchmarks;

/// <summary>
/// One post, and a burst of 20, from one author to the live connections of all 10,000 followers
/// on one instance, without sockets: SignalR's default lifetime manager sending to the author's
/// group (stock) against Feed's engine sending to the author's audience resolved from the shared
/// follower set (as <c>AudienceDelivery</c> does). Each connection's output is a pipe whose
/// reader runs on the thread pool as a transport's send loop does, so the wake-ups the writes
/// cause are in the figure; an operation ends when every reader has every byte. What separates
/// the two here is the lifetime manager's own work, which the socket runs (e-stock.sh) bury
/// under the sockets' and the tester's.
/// </summary>
[SimpleJob(warmupCount: 5, iterationCount: 20)]
[MemoryDiagnoser]
public class LiveFanoutBenchmarks
{
    private const string Author = "author";
    private const int BurstSize = 20;

    private readonly List<Pipe> _outputs = [];
    private object?[] _args = null!;
    private HubLifetimeManager<Hub> _manager = null!;
    private long _expectedBytes;
    private long _receivedBytes;
    private long _target;
    private TaskCompletionSource _allReceived = new();

    [Params(10_000)]
    public int Followers { get; set; }

    [Params("json", "messagepack")]
    public string Protocol { get; set; } = "";

    [Params("stock", "feed")]
    public string Manager { get; set; } = "";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var items = (FeedItem[])FeedUpdatedFrames.Message(FeedContent.Demo).Arguments[0]!;
        _args = [new[] { items[0] }];
        var protocol = Protocol == "json" ? FeedUpdatedFrames.Json : FeedUpdatedFrames.MessagePack;
        var frameBytes = protocol.GetMessageBytes(new InvocationMessage(FeedHubMethods.FeedUpdated, _args)).Length;
        _expectedBytes = (long)frameBytes * Followers;
        var store = new InMemoryFeedStore();
        _manager = Manager == "stock"
            ? new DefaultHubLifetimeManager<Hub>(NullLogger<DefaultHubLifetimeManager<Hub>>.Instance)
            : new FeedHubLifetimeManager<Hub>(Options.Create(new FeedDeliveryOptions { SendBacklog = 1024 }),
                new DeliveryMetrics(Meters()), NullLogger<FeedHubLifetimeManager<Hub>>.Instance,
                new FollowerAudiences(new FollowerSets(store, TimeProvider.System, TimeSpan.FromHours(1))));
        for (var i = 0; i < Followers; i++)
        {
            var follower = $"follower{i}";
            await store.FollowAsync(follower, Author, CancellationToken.None);
            var (context, output) = Connect(follower, protocol);
            _outputs.Add(output);
            await _manager.OnConnectedAsync(context);
            if (Manager == "stock")
            {
                await _manager.AddToGroupAsync(context.ConnectionId, Author);
            }
            _ = DrainAsync(output.Reader);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var output in _outputs)
        {
            output.Writer.Complete();
        }
        _outputs.Clear();
    }

    [Benchmark]
    public Task OnePost() => SendAsync(1);

    [Benchmark]
    public Task Burst() => SendAsync(BurstSize);

    private async Task SendAsync(int posts)
    {
        Interlocked.Exchange(ref _receivedBytes, 0);
        _allReceived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _target, _expectedBytes * posts);
        // Each post from a thread-pool thread, as the server's requests and hub calls send them.
        var sends = new Task[posts];
        for (var i = 0; i < posts; i++)
        {
            sends[i] = Manager == "stock"
                ? Task.Run(() => _manager.SendGroupAsync(Author, FeedHubMethods.FeedUpdated, _args))
                : Task.Run(() => ((IHubAudiences<Hub>)_manager).SendAsync(Author, FeedHubMethods.FeedUpdated, _args, CancellationToken.None));
        }
        await Task.WhenAll(sends);
        await _allReceived.Task;
    }

    private static IMeterFactory Meters() => new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

    private static (HubConnectionContext, Pipe) Connect(string userId, IHubProtocol protocol)
    {
        var input = new Pipe();
        var output = new Pipe();
        var connection = new DefaultConnectionContext(Guid.NewGuid().ToString("N"), new Duplex(input.Reader, output.Writer), new Duplex(output.Reader, input.Writer));
        var context = new HubConnectionContext(connection, new HubConnectionContextOptions
        {
            KeepAliveInterval = TimeSpan.FromMinutes(10),
            ClientTimeoutInterval = TimeSpan.FromMinutes(20),
        }, NullLoggerFactory.Instance)
        {
            Protocol = protocol,
            UserIdentifier = userId,
        };
        return (context, output);
    }

    /// <summary>The connection's send loop: takes whatever was written and counts it toward the operation.</summary>
    private async Task DrainAsync(PipeReader reader)
    {
        while (true)
        {
            var result = await reader.ReadAsync();
            var length = result.Buffer.Length;
            reader.AdvanceTo(result.Buffer.End);
            if (length > 0 && Interlocked.Add(ref _receivedBytes, length) == Volatile.Read(ref _target))
            {
                _allReceived.TrySetResult();
            }
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }
}
