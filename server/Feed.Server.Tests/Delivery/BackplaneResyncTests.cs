using Feed.Core;
using Feed.Server.Api;
using Feed.Server.Hubs;
using Feed.Server.Metrics;
using Feed.Redis;
using Feed.Server.Delivery;
using Feed.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Feed.Server.Tests.Delivery;

/// <summary>
/// The Resync after an outage reaches clients even when its first sends fail (a publish timing
/// out while Redis works through its backlog), and is left to the next restore when Redis is
/// down again.
/// </summary>
public sealed class BackplaneResyncTests : IDisposable
{
    // Disposed after each test: a test host's OpenTelemetry listens to every "Feed" meter in the
    // process, so a live one here would show its feed_backplane_up in another test's scrape.
    private readonly TestMeterFactory _meters = new();

    public void Dispose() => _meters.Dispose();

    [Fact]
    public async Task A_resync_whose_sends_fail_is_sent_again_on_the_clock_until_it_goes_out()
    {
        var (resync, backplane, hub, time) = await StartedAsync(failures: 2);

        backplane.Restore();

        await Eventually.HoldsAsync(() =>
        {
            time.Advance(BackplaneResync.FirstRetry);
            Assert.Equal(1, hub.Sent);
        });
        Assert.Equal(3, hub.Attempts);
        await resync.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_resync_that_fails_while_the_backplane_is_down_again_waits_for_the_next_restore()
    {
        var (resync, backplane, hub, time) = await StartedAsync(failures: 1);
        backplane.IsConnected = false;

        backplane.Restore();
        await Eventually.HoldsAsync(() => Assert.Equal(1, hub.Attempts));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, hub.Attempts);

        backplane.IsConnected = true;
        backplane.Restore();
        await Eventually.HoldsAsync(() => Assert.Equal(1, hub.Sent));
        Assert.Equal(2, hub.Attempts);
        await resync.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_resync_that_keeps_failing_gives_up_after_its_attempts()
    {
        var (resync, backplane, hub, time) = await StartedAsync(failures: int.MaxValue);

        backplane.Restore();
        await Eventually.HoldsAsync(() =>
        {
            time.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(BackplaneResync.MaxAttempts, hub.Attempts);
        });
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(BackplaneResync.MaxAttempts, hub.Attempts);
        Assert.Equal(0, hub.Sent);
        await resync.StopAsync(CancellationToken.None);
    }

    private async Task<(BackplaneResync, FakeBackplane, FailingHub, FakeTimeProvider)> StartedAsync(int failures)
    {
        var metrics = new FeedMetrics(_meters);
        var backplane = new FakeBackplane();
        var hub = new FailingHub(failures);
        var time = new FakeTimeProvider();
        var resync = new BackplaneResync(backplane, hub, new ServerStats(metrics), metrics, time, NullLogger<BackplaneResync>.Instance);
        await resync.StartAsync(CancellationToken.None);
        return (resync, backplane, hub, time);
    }

    private sealed class FakeBackplane : IBackplaneStatus
    {
        public bool IsConnected { get; set; } = true;

        public event EventHandler? Restored;

        public void Restore() => Restored?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>A hub whose sends to all fail the first <c>failures</c> times, as a publish to a busy Redis does.</summary>
    private sealed class FailingHub(int failures) : IHubContext<FeedHub>, IClientProxy
    {
        private int _attempts;
        private int _sent;

        public int Attempts => Volatile.Read(ref _attempts);

        public int Sent => Volatile.Read(ref _sent);

        public IHubClients Clients => new AllOnly(this);

        public IGroupManager Groups => throw new NotSupportedException();

        public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
        {
            Assert.Equal(FeedHubMethods.Resync, method);
            if (Interlocked.Increment(ref _attempts) <= failures)
            {
                return Task.FromException(new TimeoutException("publish timed out"));
            }
            Interlocked.Increment(ref _sent);
            return Task.CompletedTask;
        }
    }

    private sealed class AllOnly(IClientProxy all) : IHubClients
    {
        public IClientProxy All => all;
        public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();
        public IClientProxy Client(string connectionId) => throw new NotSupportedException();
        public IClientProxy Clients(IReadOnlyList<string> connectionIds) => throw new NotSupportedException();
        public IClientProxy Group(string groupName) => throw new NotSupportedException();
        public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();
        public IClientProxy Groups(IReadOnlyList<string> groupNames) => throw new NotSupportedException();
        public IClientProxy User(string userId) => throw new NotSupportedException();
        public IClientProxy Users(IReadOnlyList<string> userIds) => throw new NotSupportedException();
    }
}
