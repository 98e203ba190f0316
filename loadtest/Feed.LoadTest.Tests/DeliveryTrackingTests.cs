using System.Buffers;
using System.Diagnostics;
using Feed.Client;
using Feed.Core;
using Feed.LoadTest.Delivery;
using MessagePack;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.LoadTest.Tests;

public sealed class DeliveryTrackingTests
{
    [Theory]
    [InlineData(0, 0L)]
    [InlineData(7, 123456789L)]
    [InlineData(int.MaxValue, long.MaxValue)]
    public void A_stamp_round_trips(int sequence, long sentAt)
    {
        var text = PostStamp.Format(sequence, sentAt);
        Assert.True(PostStamp.TryParse(text, out var parsedSequence, out var parsedSentAt));
        Assert.Equal(sequence, parsedSequence);
        Assert.Equal(sentAt, parsedSentAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello world")]
    [InlineData("lt ")]
    [InlineData("lt 12")]
    [InlineData("lt 12 ")]
    [InlineData("lt x 12")]
    [InlineData("lt -1 12")]
    [InlineData("lt 1 12 extra")]
    [InlineData("LT 1 12")]
    [InlineData("lt-warmup 1")]
    public void Other_texts_are_not_stamps(string text) =>
        Assert.False(PostStamp.TryParse(text, out _, out _));

    [Fact]
    public void The_received_set_reports_duplicates_and_grows()
    {
        var set = new ReceivedSet();
        Assert.True(set.TryAdd(0));
        Assert.True(set.TryAdd(63));
        Assert.True(set.TryAdd(64));
        Assert.True(set.TryAdd(100_000));
        Assert.False(set.TryAdd(63));
        Assert.False(set.TryAdd(100_000));
        Assert.True(set.Contains(64));
        Assert.False(set.Contains(65));
        Assert.False(set.Contains(-1));
        Assert.False(set.Contains(1_000_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => set.TryAdd(-1));
    }

    [Fact]
    public void The_inbox_counts_unique_duplicate_and_foreign_items_and_records_latency()
    {
        var recorder = new DeliveryRecorder(FeedHubProtocols.Json);
        var inbox = new FollowerInbox(recorder);
        var sentAt = Stopwatch.GetTimestamp();
        inbox.OnFeedUpdated([Item(PostStamp.Format(0, sentAt))]);
        inbox.OnFeedUpdated([Item(PostStamp.Format(1, sentAt)), Item(PostStamp.Format(0, sentAt))]);
        inbox.OnFeedUpdated([Item("a demo post")]);
        inbox.OnFeedUpdated([Item(PostStamp.FormatWarmup(0)), Item(PostStamp.FormatWarmup(1))]);

        Assert.Equal(2, inbox.Unique);
        Assert.Equal(1, inbox.Duplicates);
        Assert.Equal(1, inbox.Unexpected);
        Assert.Equal(2, inbox.Warmups);
        Assert.Equal(2, recorder.LatencyMicroseconds.Count);
        Assert.True(inbox.LastReceivedAt >= sentAt);
    }

    [Fact]
    public void The_recorder_measures_one_full_frame_once()
    {
        var recorder = new DeliveryRecorder(FeedHubProtocols.Json);
        recorder.MeasureFrameOnce([FullItem("lt 1 2")]);
        var first = recorder.BytesPerFeedUpdated;
        recorder.MeasureFrameOnce([FullItem(new string('x', 500))]);

        Assert.True(first > 100, $"frame size {first}");
        Assert.Equal(first, recorder.BytesPerFeedUpdated);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("messagepack")]
    public void A_follower_reads_the_text_of_a_full_FeedUpdated_frame(string protocolName)
    {
        var protocol = LoadTestProtocols.FromName(protocolName);
        var frame = protocol.GetMessageBytes(new InvocationMessage(FeedHubMethods.FeedUpdated, [new[] { FullItem("lt 7 42") }]));
        var buffer = new ReadOnlySequence<byte>(frame);

        Assert.True(protocol.TryParseMessage(ref buffer, new StampedItemBinder(), out var message));
        var items = Assert.IsType<StampedItem[]>(Assert.IsType<InvocationMessage>(message).Arguments[0]);
        Assert.Equal([new StampedItem("lt 7 42")], items);
    }

    [Fact]
    public void A_messagepack_item_without_text_is_refused_naming_the_key()
    {
        var writer = new ArrayBufferWriter<byte>();
        var mp = new MessagePackWriter(writer);
        mp.WriteMapHeader(2);
        mp.Write("id");
        mp.Write("p1");
        mp.Write(7); // a key that is not a string, skipped
        mp.Write("x");
        mp.Flush();
        var bytes = writer.WrittenMemory;

        var error = Assert.Throws<MessagePackSerializationException>(() =>
        {
            var reader = new MessagePackReader(bytes);
            StampedItemFormatter.Instance.Deserialize(ref reader, MessagePackSerializerOptions.Standard);
        });
        Assert.Contains("text", error.Message, StringComparison.Ordinal);
    }

    private static StampedItem Item(string text) => new(text);

    private static FeedItem FullItem(string text) =>
        new("0123456789abcdef01234567", "cursor", "u1", new AuthorProfile("u1", "User One", null), text, 1_700_000_000_000);

    /// <summary>FeedUpdated's one argument as the follower binds it.</summary>
    private sealed class StampedItemBinder : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) => [typeof(StampedItem[])];
        public Type GetReturnType(string invocationId) => typeof(object);
        public Type GetStreamItemType(string streamId) => typeof(object);
    }
}
