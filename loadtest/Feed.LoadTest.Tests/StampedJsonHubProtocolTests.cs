using System.Buffers;
using Feed.Client;
using Feed.Core;
using Feed.LoadTest.Delivery;
using Feed.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.LoadTest.Tests;

/// <summary>
/// The tester's JSON protocol reads a follower's FeedUpdated without the serializer, and must
/// give what SignalR's JSON protocol gives for every frame, its errors included.
/// </summary>
public sealed class StampedJsonHubProtocolTests
{
    private static readonly IHubProtocol Json = FeedHubProtocols.Json;
    private readonly IHubProtocol _tester = LoadTestProtocols.FromName("json");

    [Fact]
    public void The_servers_FeedUpdated_frame_takes_the_short_cut_and_other_frames_do_not()
    {
        Assert.True(StampedJsonHubProtocol.StartsAsFeedUpdated(Frame(FeedUpdated("lt 1 2"))));
        Assert.False(StampedJsonHubProtocol.StartsAsFeedUpdated(Frame(new InvocationMessage("Resync", []))));
        Assert.False(StampedJsonHubProtocol.StartsAsFeedUpdated(Frame(PingMessage.Instance)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    public void Frames_in_one_buffer_are_read_in_order_whatever_the_segments(int segmentSize)
    {
        var bytes = Concat(
            Frame(FeedUpdated("lt 1 10")),
            Frame(PingMessage.Instance),
            Frame(FeedUpdated("lt 2 20", "a \"quoted\" \\ text ✨", "lt 3 30")),
            Frame(CompletionMessage.WithResult("c1", 5)));
        var input = Segments.Split(bytes, segmentSize);

        var messages = new List<HubMessage>();
        while (_tester.TryParseMessage(ref input, new Binder(typeof(StampedItem[])), out var message))
        {
            messages.Add(message);
        }

        Assert.Equal(0, input.Length);
        Assert.Collection(messages,
            m => Assert.Equal(["lt 1 10"], TextsOf(m)),
            m => Assert.IsType<PingMessage>(m),
            m => Assert.Equal(["lt 2 20", "a \"quoted\" \\ text ✨", "lt 3 30"], TextsOf(m)),
            m => Assert.Equal("c1", Assert.IsType<CompletionMessage>(m).InvocationId));
    }

    [Fact]
    public void A_connection_that_binds_whole_items_gets_whole_items()
    {
        var item = Item("lt 1 2");
        var input = Frame(FeedUpdated(item));

        Assert.True(_tester.TryParseMessage(ref input, new Binder(typeof(FeedItem[])), out var message));

        Assert.Equal([item], Assert.IsType<FeedItem[]>(Assert.IsType<InvocationMessage>(message).Arguments[0]));
    }

    [Fact]
    public void A_frame_laid_out_otherwise_is_read_by_the_JSON_protocol_with_the_same_result()
    {
        var withHeaders = FeedUpdated("lt 4 40");
        withHeaders.Headers = new Dictionary<string, string> { ["trace"] = "1" };
        var input = Frame(withHeaders);
        Assert.False(StampedJsonHubProtocol.StartsAsFeedUpdated(input));

        Assert.True(_tester.TryParseMessage(ref input, new Binder(typeof(StampedItem[])), out var message));

        Assert.Equal(["lt 4 40"], TextsOf(message));
    }

    [Theory]
    [InlineData("""{"id":"p1","text":5}""")]
    [InlineData("""{"id":"p1"}""")]
    [InlineData("""{"id":"p1","text":"x",}""")]
    [InlineData("""{"id":"p1","TEXT":"upper case key"}""")]
    [InlineData("""{"author":{"id":"u1","text":"nested"},"text":"outer"}""")]
    public void An_item_the_short_cut_cannot_read_or_reads_differently_ends_as_with_the_JSON_protocol(string item)
    {
        var frame = $$"""{"type":1,"target":"FeedUpdated","arguments":[[{{item}}]]}""" + "\u001e";

        Assert.Equal(Outcome(Json, frame), Outcome(_tester, frame));
    }

    [Fact]
    public void An_incomplete_frame_waits_for_more_bytes()
    {
        var whole = Frame(FeedUpdated("lt 1 2"));
        var input = whole.Slice(0, whole.Length - 1);

        Assert.False(_tester.TryParseMessage(ref input, new Binder(typeof(StampedItem[])), out _));
        Assert.Equal(whole.Length - 1, input.Length);
    }

    /// <summary>The texts read, the binding failure reported, or the error thrown.</summary>
    private static string Outcome(IHubProtocol protocol, string frame)
    {
        var input = new ReadOnlySequence<byte>(System.Text.Encoding.UTF8.GetBytes(frame));
        try
        {
            Assert.True(protocol.TryParseMessage(ref input, new Binder(typeof(StampedItem[])), out var message));
            return message is InvocationBindingFailureMessage failure
                ? $"binding failure: {failure.BindingFailure.SourceException.Message}"
                : "texts: " + string.Join(" | ", TextsOf(message).Select(t => t ?? "(null)"));
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    private static string[] TextsOf(HubMessage? message) =>
        [.. Assert.IsType<StampedItem[]>(Assert.IsType<InvocationMessage>(message).Arguments[0]).Select(i => i.Text)];

    private static InvocationMessage FeedUpdated(params string[] texts) => FeedUpdated([.. texts.Select(Item)]);

    private static InvocationMessage FeedUpdated(params FeedItem[] items) => new(FeedHubMethods.FeedUpdated, [items]);

    private static FeedItem Item(string text) =>
        new("0123456789abcdef01234567", "cursor", "u1", new AuthorProfile("u1", "User One", "https://example.org/a.png"), text, 1_700_000_000_000);

    private static ReadOnlySequence<byte> Frame(HubMessage message) => new(Json.GetMessageBytes(message));

    private static byte[] Concat(params ReadOnlySequence<byte>[] frames) => [.. frames.SelectMany(f => f.ToArray())];

    private sealed class Binder(Type feedUpdatedArgument) : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) => [feedUpdatedArgument];
        public Type GetReturnType(string invocationId) => typeof(int);
        public Type GetStreamItemType(string streamId) => typeof(object);
    }
}
