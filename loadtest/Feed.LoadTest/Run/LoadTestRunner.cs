using System.Diagnostics;
using System.Globalization;
using System.Net;
using Feed.Core;
using Feed.LoadTest.Clients;
using Feed.LoadTest.Clients.Raw;
using Feed.LoadTest.Delivery;
using Feed.LoadTest.Graph;
using Feed.LoadTest.Options;
using Feed.LoadTest.Report;

namespace Feed.LoadTest.Run;

/// <summary>
/// One run: tokens for every user, publishers connected, server memory read, followers opened
/// at the ramp rate, server memory read again, every follower follows every publisher, posts
/// published at the rate (or as a burst), deliveries drained, connections closed, report built.
/// The graph workload (<c>--authors</c>) sets up its follows over HTTP before connecting and has
/// its authors post over HTTP instead (LoadTestRunner.Graph.cs).
/// </summary>
internal sealed partial class LoadTestRunner : IAsyncDisposable
{
    private readonly LoadTestOptions _options;
    private readonly TextWriter _output;
    private readonly RunCounters _counters = new();
    private readonly SocketsHttpHandler _handler;
    private readonly HttpMessageInvoker _invoker;
    private readonly Dictionary<Uri, HttpClient> _http;
    private readonly DeliveryRecorder _recorder;
    private readonly List<FollowerConnection> _followers;
    private readonly ILoadTestClient _client;
    private readonly List<ILoadTestConnection> _publishers = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly GraphWorkload? _graph;
    private PostPublisher? _posts;

    public LoadTestRunner(LoadTestOptions options, TextWriter output)
    {
        _options = options;
        _output = output;
        _graph = options.IsGraph ? new GraphWorkload(options) : null;
        _recorder = new DeliveryRecorder(LoadTestProtocols.FromName(options.Protocol), _graph);
        // One handler for every HTTP call and every WebSocket upgrade: no per-socket handler.
        _handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };
        _invoker = new HttpMessageInvoker(_handler, disposeHandler: false);
        _http = options.Urls.Distinct().ToDictionary(url => url,
            url => new HttpClient(_handler, disposeHandler: false) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(100) });
        _client = LoadTestClients.Create(options.Client, options.Protocol, _invoker);
        _followers = Enumerable.Range(0, options.Connections)
            .Select(i => new FollowerConnection(
                string.Create(CultureInfo.InvariantCulture, $"{options.UserPrefix}-f{i}"),
                options.Urls[i % options.Urls.Count],
                new FollowerInbox(_recorder, _graph is null ? null : sequence => _graph.Expects(i, sequence))))
            .ToList();
    }

    public async Task<LoadTestReport> RunAsync(CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var probe = new ServerStatsProbe(_http, _options.AdminKey, _counters);
        var ramp = new ConnectionRamp(_options.Ramp, _options.MaxPendingConnects, _client, _counters);
        using var progress = _options.Quiet ? null : new ProgressTimer(this, _output);
        var phases = new PhaseTimes();
        try
        {
            if (_graph is null)
            {
                await ConnectPublishersAsync(cancellationToken).ConfigureAwait(false);
                _counters.Phase = "tokens";
                await new DevTokens(_http, _options.SetupConcurrency, _counters).GetAllAsync(_followers, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                phases.GraphSetupSeconds = await SetUpGraphAsync(_graph, cancellationToken).ConfigureAwait(false);
            }

            phases.Before = await probe.ReadAllAsync(gc: true, cancellationToken).ConfigureAwait(false);
            phases.TesterBefore = TesterMemory.Read();
            _counters.Phase = "connecting";
            var connecting = Stopwatch.StartNew();
            await ramp.OpenAsync(_followers, cancellationToken).ConfigureAwait(false);
            phases.ConnectSeconds = connecting.Elapsed.TotalSeconds;
            if (_graph is not null)
            {
                _counters.Phase = "settling";
                phases.SettleSeconds = (await probe.WaitUntilQuietAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false)).TotalSeconds;
            }
            phases.Connected = await probe.ReadAllAsync(gc: true, cancellationToken).ConfigureAwait(false);
            phases.TesterConnected = TesterMemory.Read();
            if (_options.Redis is { } redis)
            {
                phases.Redis = await RedisChannelProbe.CountAsync(redis, _counters).ConfigureAwait(false);
            }

            if (_graph is not null)
            {
                MarkGraphFollowersReady(_graph);
                await WarmUpAsync(probe, phases, cancellationToken).ConfigureAwait(false);
                await PublishAndDrainAsync(probe, phases, cancellationToken).ConfigureAwait(false);
            }
            else if (_publishers.Count == 0)
            {
                _counters.Phase = "holding";
                await Task.Delay(_options.Duration, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await FollowAsync(cancellationToken).ConfigureAwait(false);
                await WarmUpAsync(probe, phases, cancellationToken).ConfigureAwait(false);
                await PublishAndDrainAsync(probe, phases, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _output.WriteLine("cancelled: reporting what was measured so far");
        }
        _counters.Phase = "closing";
        await CloseAllAsync().ConfigureAwait(false);
        return BuildReport(started, phases);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
        foreach (var client in _http.Values)
        {
            client.Dispose();
        }
        _invoker.Dispose();
        _handler.Dispose();
    }

    private async Task ConnectPublishersAsync(CancellationToken cancellationToken)
    {
        if (_options.Publishers == 0)
        {
            return;
        }
        _counters.Phase = "publishers";
        var publisherCounters = new RunCounters();
        var ids = Enumerable.Range(0, _options.Publishers)
            .Select(i => string.Create(CultureInfo.InvariantCulture, $"{_options.UserPrefix}-p{i}")).ToList();
        var tokens = await new DevTokens(_http, _options.SetupConcurrency, publisherCounters)
            .GetForPublishersAsync(ids, cancellationToken).ConfigureAwait(false);
        var ramp = new ConnectionRamp(_options.Ramp, _options.MaxPendingConnects, _client, publisherCounters);
        for (var i = 0; i < ids.Count; i++)
        {
            // A publisher also gets its own posts, whole: the one place the full frame is measured.
            var client = await ramp.ConnectAsync<FeedItem>(_options.Urls[i % _options.Urls.Count], tokens[i],
                _recorder.MeasureFrameOnce, cancellationToken).ConfigureAwait(false);
            if (client is null)
            {
                var why = string.Join("; ", publisherCounters.Errors.Snapshot().Select(e => $"{e.Key}: {e.Value.Sample}"));
                throw new InvalidOperationException($"Publisher {ids[i]} could not connect to {_options.Urls[i % _options.Urls.Count]}: {why}");
            }
            _publishers.Add(client);
        }
    }

    /// <summary>Every connected follower follows every publisher, over its own connection.</summary>
    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        _counters.Phase = "following";
        var publisherIds = Enumerable.Range(0, _publishers.Count)
            .Select(i => string.Create(CultureInfo.InvariantCulture, $"{_options.UserPrefix}-p{i}")).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.SetupConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(_followers.Where(f => f.Client is not null), parallel, async (follower, ct) =>
        {
            try
            {
                foreach (var publisher in publisherIds)
                {
                    await follower.Client!.FollowAsync(publisher, ct).ConfigureAwait(false);
                }
                follower.Ready = true;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                _counters.Errors.Add("follow", e);
            }
        }).ConfigureAwait(false);
    }

    /// <summary>Warm-up posts, then a pause until the server's tiered JIT has finished its optimized recompiles.</summary>
    private async Task WarmUpAsync(ServerStatsProbe probe, PhaseTimes phases, CancellationToken cancellationToken)
    {
        if (_options.Warmup == 0)
        {
            return;
        }
        _counters.Phase = "warming up";
        var expected = _graph?.ExpectedWarmups(_options.Warmup) ?? ReadyFollowers() * _options.Warmup;
        await PostPublisher.WarmUpAsync(WarmupSender(), _options.Warmup, _counters).ConfigureAwait(false);
        var deadline = Stopwatch.GetTimestamp() + (long)(_options.Drain.TotalSeconds * Stopwatch.Frequency);
        while (_followers.Where(f => f.Ready).Sum(f => f.Inbox.Warmups) < expected && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        _counters.Phase = "waiting for the server's JIT";
        phases.JitWaitSeconds = (await probe.WaitUntilJitQuietAsync(_options.JitWait, cancellationToken).ConfigureAwait(false)).TotalSeconds;
    }

    private async Task PublishAndDrainAsync(ServerStatsProbe probe, PhaseTimes phases, CancellationToken cancellationToken)
    {
        phases.PublishStart = await probe.ReadAllAsync(gc: false, cancellationToken).ConfigureAwait(false);
        phases.TesterCpuAtPublish = Process.GetCurrentProcess().TotalProcessorTime;
        _counters.Phase = "publishing";
        _posts = new PostPublisher(PostSender(), _counters);
        if (_options.Burst > 0)
        {
            await _posts.RunBurstAsync(_options.Burst).ConfigureAwait(false);
        }
        else
        {
            await _posts.RunAtRateAsync(_options.Rate, _options.Duration, cancellationToken).ConfigureAwait(false);
        }
        _counters.Phase = "draining";
        var deadline = Stopwatch.GetTimestamp() + (long)(_options.Drain.TotalSeconds * Stopwatch.Frequency);
        while (ReceivedUnique() < Expected() && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
        phases.TesterCpuAfterDrain = Process.GetCurrentProcess().TotalProcessorTime;
        phases.Drained = await probe.ReadAllAsync(gc: false, cancellationToken).ConfigureAwait(false);
    }

    private async Task CloseAllAsync()
    {
        _counters.Stopping = true;
        var clients = _followers.Select(f => f.Client).OfType<ILoadTestConnection>().Concat(_publishers);
        await Parallel.ForEachAsync(clients, new ParallelOptions { MaxDegreeOfParallelism = 256 },
            async (client, _) => await client.DisposeAsync().ConfigureAwait(false)).ConfigureAwait(false);
    }

    private long ReadyFollowers() => _followers.Count(f => f.Ready);

    private long Expected() => _graph?.Expected ?? RunCounters.Read(ref _counters.PostsPublished) * ReadyFollowers();

    private long ReceivedUnique() => _followers.Sum(f => f.Inbox.Unique);

    private sealed class PhaseTimes
    {
        public ServerStats? Before { get; set; }
        public ServerStats? Connected { get; set; }
        public ServerStats? PublishStart { get; set; }
        public ServerStats? Drained { get; set; }
        public double ConnectSeconds { get; set; }
        public TimeSpan TesterCpuAtPublish { get; set; }
        public TimeSpan TesterCpuAfterDrain { get; set; }
        public TesterMemory TesterBefore { get; set; }
        public TesterMemory TesterConnected { get; set; }
        public RedisReport? Redis { get; set; }
        public double GraphSetupSeconds { get; set; }
        public double SettleSeconds { get; set; }
        public double JitWaitSeconds { get; set; }
    }
}
