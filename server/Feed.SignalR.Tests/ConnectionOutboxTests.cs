using System.IO.Pipelines;
using Feed.SignalR.Internal;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.SignalR.Tests;

/// <summary>
/// A connection's queue: everything arrives, in order per sender; a burst larger than the backlog
/// is not a slow reader; a full pipe makes messages wait, and past the backlog drops the connection.
/// </summary>
public sealed class ConnectionOutboxTests
{
    private readonly ListLogger _log = new();

    private static SerializedHubMessage Message(string text) => new(new InvocationMessage("Say", [text]));

    private ConnectionOutbox OutboxOf(TestHubConnection connection, int backlog) =>
        new(connection.Context, new SlowConnectionPolicy(backlog, _log));

    [Fact]
    public async Task Messages_from_concurrent_senders_all_arrive_in_each_senders_order()
    {
        await using var connection = new TestHubConnection();
        var outbox = OutboxOf(connection, backlog: 100_000);
        const int Senders = 4, PerSender = 500;

        await Task.WhenAll(Enumerable.Range(0, Senders).Select(s => Task.Run(() =>
        {
            for (var i = 0; i < PerSender; i++)
            {
                outbox.Send(Message($"{s}:{i}"));
            }
        })));
        await connection.WaitAsync(r => r.Count == Senders * PerSender, $"{Senders * PerSender} messages");

        Assert.False(outbox.Dropped);
        var received = connection.ArgumentsOf("Say").Select(a => a!.Split(':')).ToArray();
        for (var s = 0; s < Senders; s++)
        {
            var order = received.Where(a => a[0] == s.ToString()).Select(a => int.Parse(a[1])).ToArray();
            Assert.Equal(Enumerable.Range(0, PerSender), order);
        }
    }

    [Fact]
    public async Task A_burst_larger_than_the_backlog_to_a_reading_connection_is_not_a_slow_reader()
    {
        await using var connection = new TestHubConnection();
        var outbox = OutboxOf(connection, backlog: 4);

        // ~4 KB in all, well under the pipe's pause threshold: no write ever waits for the reader.
        for (var i = 0; i < 100; i++)
        {
            outbox.Send(Message($"m{i}"));
        }
        await connection.WaitForAsync("m99");

        Assert.False(outbox.Dropped);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"m{i}"), connection.ArgumentsOf("Say"));
    }

    [Fact]
    public async Task While_the_pipe_is_full_messages_wait_and_one_past_the_backlog_drops_the_connection()
    {
        // The pipe pauses the writer after 1 byte and nobody reads: the first write never completes.
        await using var stuck = new TestHubConnection(output: new PipeOptions(pauseWriterThreshold: 1, resumeWriterThreshold: 1));
        var outbox = OutboxOf(stuck, backlog: 3);

        outbox.Send(Message("first"));
        await WaitUntilAsync(() => outbox.Blocked, "the first write to wait for the full pipe");
        Assert.False(outbox.Enqueue(Message("a")));
        Assert.False(outbox.Enqueue(Message("b")));
        outbox.Send(Message("c")); // a lone send to a connection with a writer waits behind it too
        Assert.Equal(3, outbox.Count);
        Assert.False(outbox.Dropped);

        outbox.Enqueue(Message("d"));
        Assert.True(outbox.Dropped);
        Assert.Equal(0, outbox.Count);
        Assert.True(stuck.Context.ConnectionAborted.WaitHandle.WaitOne(Within.Limit), "the stuck connection was not aborted");
        Assert.Contains(_log.Lines, l => l.StartsWith("Warning 2001 ", StringComparison.Ordinal) && l.Contains(stuck.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_connection_is_dropped_when_its_write_blocks_with_more_than_the_backlog_already_queued()
    {
        await using var stuck = new TestHubConnection(output: new PipeOptions(pauseWriterThreshold: 1, resumeWriterThreshold: 1));
        var outbox = OutboxOf(stuck, backlog: 3);

        // Queued as a burst is, before the outbox is written: the write blocks with all of them in
        // it, and messages written together count as if queued one by one.
        var mustFlush = false;
        for (var i = 0; i < 10; i++)
        {
            mustFlush |= outbox.Enqueue(Message($"m{i}"));
        }
        Assert.True(mustFlush);
        outbox.Flush();

        Assert.True(stuck.Context.ConnectionAborted.WaitHandle.WaitOne(Within.Limit), "the stuck connection was not aborted");
        Assert.True(outbox.Dropped);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Within.Limit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(10);
        }
    }
}
