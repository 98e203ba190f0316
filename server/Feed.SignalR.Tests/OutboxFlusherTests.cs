using Feed.SignalR.Internal;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.SignalR.Tests;

/// <summary>
/// The flusher must never miss an outbox scheduled while it is finishing: such an outbox would
/// stay scheduled forever, and its connection would receive nothing more.
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
}
