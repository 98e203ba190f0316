using Feed.SignalR.Internal;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Feed.SignalR.Tests;

/// <summary>
/// The flusher must never miss an outbox scheduled while it is finishing: such an outbox would
/// stay scheduled forever, and its connection would receive nothing more. Nor may one connection
/// failing in an unexpected way stop it for the others.
/// </summary>
public sealed class OutboxFlusherTests
{
    [Fact]
    public async Task An_outbox_scheduled_while_the_flusher_is_finishing_is_still_written()
    {
        await using var first = new TestHubConnection();
        await using var second = new TestHubConnection();
        var flusher = new OutboxFlusher();
        var policy = new SlowConnectionPolicy(1_000_000, new ListLogger());
        var outboxes = new[] { new ConnectionOutbox(first.Context, policy, flusher), new ConnectionOutbox(second.Context, policy, flusher) };
        var message = new SerializedHubMessage(new InvocationMessage("Say", ["x"]));
        const int Rounds = 20_000;
        using var start = new Barrier(2);
        var stuck = -1;

        // Two threads each queue one message per round; the second waits a varying while first,
        // so over the rounds its Schedule lands at every point of the flusher's run, its exit included.
        var senders = Enumerable.Range(0, 2).Select(s => new Thread(() =>
        {
            var random = new Random(s);
            for (var round = 0; round < Rounds && Volatile.Read(ref stuck) < 0; round++)
            {
                start.SignalAndWait();
                if (s == 1)
                {
                    Thread.SpinWait(random.Next(0, 400));
                }
                outboxes[s].Enqueue(message);
                if (!SpinWait.SpinUntil(() => outboxes[s].Count == 0, TimeSpan.FromSeconds(5)))
                {
                    Volatile.Write(ref stuck, round);
                    start.RemoveParticipant();
                    return;
                }
            }
        })).ToArray();
        foreach (var sender in senders)
        {
            sender.Start();
        }
        foreach (var sender in senders)
        {
            sender.Join();
        }

        Assert.True(stuck < 0, $"a message queued in round {stuck} was never written");
        await first.WaitAsync(r => r.Count == Rounds, $"{Rounds} messages");
        await second.WaitAsync(r => r.Count == Rounds, $"{Rounds} messages");
    }

    [Fact]
    public async Task A_connection_failing_unexpectedly_is_dropped_and_the_flusher_goes_on_with_the_others()
    {
        var flusher = new OutboxFlusher();
        var log = new ListLogger();
        // The broken write is reported, and reporting it throws too (once): nothing expects that.
        var policy = new SlowConnectionPolicy(100, new ThrowingOnceLogger(log, eventId: 2002));
        var broken = new BrokenConnection();
        await using var healthy = new TestHubConnection();
        var brokenOutbox = new ConnectionOutbox(broken, policy, flusher);
        var healthyOutbox = new ConnectionOutbox(healthy.Context, policy, flusher);
        var message = new SerializedHubMessage(new InvocationMessage("Say", ["lost"]));

        brokenOutbox.Enqueue(message);
        await broken.Aborted.Task.Limited();
        healthyOutbox.Enqueue(new SerializedHubMessage(new InvocationMessage("Say", ["after"])));

        await healthy.WaitForAsync("after");
        Assert.True(brokenOutbox.Dropped);
        Assert.Contains(log.Lines, l => l.StartsWith("Error 2010 ", StringComparison.Ordinal) && l.Contains(broken.ConnectionId, StringComparison.Ordinal));
        brokenOutbox.Enqueue(message);
        Assert.Equal(0, brokenOutbox.Count);
    }

    /// <summary>A connection whose transport throws on every write.</summary>
    private sealed class BrokenConnection() : HubConnectionContext(new DefaultConnectionContext("broken"),
        new HubConnectionContextOptions { KeepAliveInterval = TimeSpan.FromMinutes(1), ClientTimeoutInterval = TimeSpan.FromMinutes(2) },
        NullLoggerFactory.Instance)
    {
        public TaskCompletionSource Aborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override ValueTask WriteAsync(SerializedHubMessage message, CancellationToken cancellationToken = default) =>
            throw new IOException("the transport is gone");

        public override void Abort() => Aborted.TrySetResult();
    }

    /// <summary>Logs to <paramref name="inner"/>, but throws the first time it is asked to log <paramref name="eventId"/>.</summary>
    private sealed class ThrowingOnceLogger(ListLogger inner, int eventId) : ILogger
    {
        private int _thrown;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId id, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (id.Id == eventId && Interlocked.Exchange(ref _thrown, 1) == 0)
            {
                throw new InvalidOperationException("the logging provider failed");
            }
            inner.Log(logLevel, id, state, exception, formatter);
        }
    }
}
