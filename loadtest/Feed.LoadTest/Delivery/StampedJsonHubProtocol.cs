using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Feed.Core;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.LoadTest.Delivery;

/// <summary>
/// SignalR's JSON protocol with a short cut for the frame a follower receives by the thousand:
/// <c>FeedUpdated</c> bound to <see cref="StampedItem"/>[]. Its items are read with a bare
/// <see cref="Utf8JsonReader"/> that takes each <c>text</c> and skips every other value, instead
/// of through the serializer (which was 41% of the tester's CPU in a burst, by perf). Any other
/// frame, one laid out differently, or one the short cut cannot read goes to the JSON protocol
/// unchanged, so results and errors are the same either way.
/// </summary>
internal sealed class StampedJsonHubProtocol(IHubProtocol json) : IHubProtocol
{
    private const byte RecordSeparator = 0x1e;

    // How SignalR's JSON protocol starts an invocation with no headers and no invocation id;
    // the next byte opens the items array, the frame ends with "]}".
    private static ReadOnlySpan<byte> FeedUpdatedStart => "{\"type\":1,\"target\":\"FeedUpdated\",\"arguments\":["u8;

    private static ReadOnlySpan<byte> FrameEnd => "]}"u8;

    public string Name => json.Name;

    public int Version => json.Version;

    public TransferFormat TransferFormat => json.TransferFormat;

    public bool IsVersionSupported(int version) => json.IsVersionSupported(version);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => json.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => json.GetMessageBytes(message);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        // The prefix first: any other frame goes on to the JSON protocol without a scan here.
        if (StartsAsFeedUpdated(input)
            && input.PositionOf(RecordSeparator) is { } end
            && BindsStampedItems(binder)
            && TryReadItems(input.Slice(FeedUpdatedStart.Length, end), out var items))
        {
            message = new InvocationMessage(FeedHubMethods.FeedUpdated, [items]);
            input = input.Slice(input.GetPosition(1, end));
            return true;
        }
        return json.TryParseMessage(ref input, binder, out message);
    }

    /// <summary>Whether the frame is laid out as the short cut expects (the JSON protocol's output for FeedUpdated).</summary>
    internal static bool StartsAsFeedUpdated(ReadOnlySequence<byte> frame) => StartsWith(frame, FeedUpdatedStart);

    private static bool StartsWith(ReadOnlySequence<byte> input, ReadOnlySpan<byte> prefix) =>
        new SequenceReader<byte>(input).IsNext(prefix);

    private static bool BindsStampedItems(IInvocationBinder binder) =>
        binder.GetParameterTypes(FeedHubMethods.FeedUpdated) is [var only] && only == typeof(StampedItem[]);

    /// <summary>Reads <c>[{...}, ...]]}</c>: the items array, then the end of the frame.</summary>
    private static bool TryReadItems(ReadOnlySequence<byte> rest, [NotNullWhen(true)] out StampedItem[]? items)
    {
        items = null;
        var reader = new Utf8JsonReader(rest);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return false;
            }
            var read = new List<StampedItem>(1);
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                if (ReadText(ref reader) is not { } text)
                {
                    return false; // the JSON protocol reports the item it cannot bind
                }
                read.Add(new StampedItem(text));
            }
            if (reader.TokenType != JsonTokenType.EndArray || !EndsFrame(rest.Slice(reader.BytesConsumed)))
            {
                return false;
            }
            items = [.. read];
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The item's <c>text</c> string, every other value skipped; null if it has none.</summary>
    private static string? ReadText(ref Utf8JsonReader reader)
    {
        string? text = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isText = reader.ValueTextEquals("text"u8);
            reader.Read();
            if (isText && reader.TokenType == JsonTokenType.String)
            {
                text = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }
        return text; // at the item's end (or the data's, which the caller then finds)
    }

    private static bool EndsFrame(ReadOnlySequence<byte> tail) => tail.Length == FrameEnd.Length && StartsWith(tail, FrameEnd);
}
