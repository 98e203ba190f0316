using System.Buffers;
using Feed.SignalR.Internal;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Feed.SignalR.Tests;

/// <summary>
/// The flusher must never miss a send posted while it is finishing: that send would wait forever,
/// and its connections would receive nothing more. Nor may one connection
/// failing in an unexpected way stop it for the others.
/// </summary>
public sealed class OutboxFlusherTests
{
    /// <summary>For the test doubles of <see cref="HubConnectionContext"/>: no keep-alive or timeout during a test.</summary>
    private static readonly HubConnectionContextOptions ContextOptions =
        new() { KeepAliveInterval = TimeSpan.FromMinutes(1), ClientTimeoutInterval = TimeSpan.FromMinutes(2) };

    [Fact]
    public async Task A_send_posted_while_the_flusher_is_finishing_is_still_written()
    {
        await using var first = new TestHubConnection();
        await using var second = new TestHubConnection();
        var flusher = new OutboxFlusher(0);
        var policy = new SlowConnectionPolicy(1_000_000, new ListLogger());
        var connections = new[] { first, second };
        var targets = connections.Select(c => new LocalConnection(c.Context, policy, flusher)).ToArray();
        var message = new SerializedHubMessage(new InvocationMessage("Say", ["x"]));
        const int Rounds = 5_000;
        using var start = new Barrier(2);
        var stuck = -1;

        // Two threads each post one send per round; the second waits a varying while first, so
        // over the rounds its Post lands at every point of the flusher's run, its exit included.
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
                var send = new PendingSend(message);
                send.Add(targets[s]);
                flusher.Post(send);
                if (!SpinWait.SpinUntil(() => connections[s].Received.Count > round, TimeSpan.FromSeconds(5)))
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

        Assert.True(stuck < 0, $"a send posted in round {stuck} was never written");
        await first.WaitAsync(r => r.Count == Rounds, $"{Rounds} messages");
        await second.WaitAsync(r => r.Count == Rounds, $"{Rounds} messages");
    }

    [Fact]
    public async Task A_connection_failing_unexpectedly_is_dropped_and_the_flusher_goes_on_with_the_others()
    {
        var flusher = new OutboxFlusher(0);
        var log = new ListLogger();
        // The broken write is reported, and reporting it throws too (once): nothing expects that.
        var policy = new SlowConnectionPolicy(100, new ThrowingOnceLogger(log, eventId: 2002));
        var broken = new BrokenConnection();
        await using var healthy = new TestHubConnection();
        var brokenTarget = new LocalConnection(broken, policy, flusher);
        var healthyTarget = new LocalConnection(healthy.Context, policy, flusher);

        // The broken connection comes first in the same send: the healthy one after it still gets it.
        var send = new PendingSend(new SerializedHubMessage(new InvocationMessage("Say", ["first"])));
        send.Add(brokenTarget);
        send.Add(healthyTarget);
        flusher.Post(send);
        await broken.Aborted.Task.Limited();
        var after = new PendingSend(new SerializedHubMessage(new InvocationMessage("Say", ["after"])));
        after.Add(healthyTarget);
        flusher.Post(after);

        await healthy.WaitForAsync("after");
        Assert.Equal(["first", "after"], healthy.ArgumentsOf("Say"));
        Assert.True(brokenTarget.Outbox.Dropped);
        Assert.Contains(log.Lines, l => l.StartsWith("Error 2010 ", StringComparison.Ordinal) && l.Contains(broken.ConnectionId, StringComparison.Ordinal));
        Assert.False(brokenTarget.Outbox.Enqueue(send.Message));
        Assert.Equal(0, brokenTarget.Outbox.Count);
    }

    [Fact]
    public async Task Sends_that_wait_while_the_flusher_writes_reach_each_connection_together_in_batches()
    {
        var flusher = new OutboxFlusher(0);
        var policy = new SlowConnectionPolicy(100, new ListLogger());
        var gate = new RecordingConnection("gate", holdFirstWrite: true);
        var reader = new RecordingConnection("reader");
        var gateTarget = new LocalConnection(gate, policy, flusher);
        var readerTarget = new LocalConnection(reader, policy, flusher);

        flusher.Post(Send("hold", gateTarget));
        await gate.FirstWriteStarted.Task.Limited(); // the flusher is inside the gate's write
        for (var i = 0; i < 40; i++)
        {
            flusher.Post(Send($"m{i}", readerTarget));
        }
        gate.Release();

        // Forty waiting sends leave in batches of at most sixteen: one write each, in order.
        await reader.Received(40).Limited();
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"m{i}"), reader.Messages);
        Assert.Equal(3, reader.Writes);
    }

    [Fact]
    public async Task A_batched_send_without_bytes_in_a_connections_protocol_fails_for_that_connection_only()
    {
        var flusher = new OutboxFlusher(0);
        var log = new ListLogger();
        var policy = new SlowConnectionPolicy(100, log);
        var gate = new RecordingConnection("gate", holdFirstWrite: true);
        var json = new RecordingConnection("json-reader");
        var other = new RecordingConnection("other-reader");
        var jsonTarget = new LocalConnection(json, policy, flusher);
        var otherTarget = new LocalConnection(other, policy, flusher);

        flusher.Post(Send("hold", new LocalConnection(gate, policy, flusher)));
        await gate.FirstWriteStarted.Task.Limited();
        // As a backplane delivers a message from an instance that only had MessagePack: no bytes
        // for JSON and no message to serialize them from, so writing it to the JSON reader fails.
        var foreign = new PendingSend(new SerializedHubMessage([new SerializedMessage("messagepack", new byte[] { 1, 2, 3 })]));
        foreign.Add(jsonTarget);
        flusher.Post(foreign);
        flusher.Post(Send("after", otherTarget));
        gate.Release();

        // The batch writes the JSON reader first: its failure is reported, and the flusher goes on.
        await other.Received(1).Limited();
        Assert.Equal(["after"], other.Messages);
        Assert.Empty(json.Messages);
        Assert.Contains(log.Lines, l => l.StartsWith("Debug 2002 ", StringComparison.Ordinal) && l.Contains(json.ConnectionId, StringComparison.Ordinal));
        flusher.Post(Send("next", jsonTarget));
        await json.Received(1).Limited();
        Assert.Equal(["next"], json.Messages);
    }

    private static PendingSend Send(string text, LocalConnection target)
    {
        var send = new PendingSend(new SerializedHubMessage(new InvocationMessage("Say", [text])));
        send.Add(target);
        return send;
    }

    /// <summary>A connection that parses what is written to it, counting the writes; its first write may wait for <see cref="Release"/>.</summary>
    private sealed class RecordingConnection(string id, bool holdFirstWrite = false) : HubConnectionContext(new DefaultConnectionContext(id),
        ContextOptions,
        NullLoggerFactory.Instance)
    {
        private static readonly JsonHubProtocol Json = new();
        private readonly ManualResetEventSlim _released = new(!holdFirstWrite);
        private readonly List<string> _messages = [];
        private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];

        public TaskCompletionSource FirstWriteStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Writes { get; private set; }

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_messages)
                {
                    return [.. _messages];
                }
            }
        }

        public override IHubProtocol Protocol => Json;

        public void Release() => _released.Set();

        public Task Received(int count)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_messages)
            {
                _waiters.Add((count, done));
                Notify();
            }
            return done.Task;
        }

        public override ValueTask WriteAsync(SerializedHubMessage message, CancellationToken cancellationToken = default)
        {
            FirstWriteStarted.TrySetResult();
            _released.Wait(Within.Limit);
            var bytes = new ReadOnlySequence<byte>(message.GetSerializedMessage(Json));
            lock (_messages)
            {
                Writes++;
                while (Json.TryParseMessage(ref bytes, SayBinder.Instance, out var parsed))
                {
                    _messages.Add((string)((InvocationMessage)parsed).Arguments[0]!);
                }
                Notify();
            }
            return default;
        }

        private void Notify() => _waiters.RemoveAll(w =>
        {
            if (_messages.Count < w.Count)
            {
                return false;
            }
            w.Done.TrySetResult();
            return true;
        });
    }


    /// <summary>A connection whose transport throws on every write.</summary>
    private sealed class BrokenConnection() : HubConnectionContext(new DefaultConnectionContext("broken"),
        ContextOptions,
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
