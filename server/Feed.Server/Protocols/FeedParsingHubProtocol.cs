using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.Server.Protocols;

/// <summary>
/// A SignalR hub protocol (SignalR's own, wrapped) with two fixes to what it hands the hub:
/// <list type="bullet">
/// <item>An argument binding failure keeps its reason. SignalR answers such a call with the
/// protocol's outer exception only ("Error binding arguments. Make sure that the types..."); the
/// reason, which names the field (<see cref="FieldNamingResolver"/> for MessagePack, the JSON
/// path for JSON), is its inner exception. So <c>GetFeed({limit: "five"})</c> says "limit".</item>
/// <item>A message of an unknown type is skipped for real. The protocols skip it (so newer peers
/// may add types) by consuming it and returning false, which the hub's reader, when a maximum
/// message size is set, takes as "incomplete" and never advances past: the connection stops
/// processing anything it sends (found by the fuzz test). It is handed on as a ping instead,
/// which the hub ignores.</item>
/// </list>
/// </summary>
internal sealed class FeedParsingHubProtocol(IHubProtocol inner) : IHubProtocol
{
    public IHubProtocol Inner { get; } = inner;

    public string Name => Inner.Name;

    public int Version => Inner.Version;

    public TransferFormat TransferFormat => Inner.TransferFormat;

    public bool IsVersionSupported(int version) => Inner.IsVersionSupported(version);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => Inner.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => Inner.GetMessageBytes(message);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        var length = input.Length;
        if (!Inner.TryParseMessage(ref input, binder, out message))
        {
            if (input.Length == length)
            {
                return false; // incomplete: wait for more bytes
            }
            message = PingMessage.Instance; // consumed an unknown message type
        }
        if (message is InvocationBindingFailureMessage failure
            && failure.BindingFailure.SourceException is { InnerException: not null } outer)
        {
            var detailed = new InvalidDataException($"{outer.Message} {Reason(outer)}", outer);
            message = new InvocationBindingFailureMessage(failure.InvocationId, failure.Target, ExceptionDispatchInfo.Capture(detailed))
            {
                Headers = failure.Headers,
            };
        }
        return true;
    }

    /// <summary>The first exception that names a field; else the innermost one.</summary>
    internal static string Reason(Exception outer)
    {
        var reason = outer.InnerException!;
        for (var e = reason; e is not null; e = e.InnerException)
        {
            if (e is ContractFieldException or JsonException)
            {
                return e.Message;
            }
            reason = e;
        }
        return reason.Message;
    }
}
