using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.MessagePack.Protocol;

/// <summary>Writes a <see cref="HubMessage"/> as the MessagePack array the spec defines for it (no framing).</summary>
internal sealed class HubMessageSerializer(MessagePackFormatterResolver resolver)
{
    private const int ErrorResult = 1;
    private const int VoidResult = 2;
    private const int NonVoidResult = 3;

    public void Write(HubMessage message, ref MessagePackWriter writer)
    {
        switch (message)
        {
            case InvocationMessage invocation:
                WriteInvocation(ref writer, HubProtocolConstants.InvocationMessageType, invocation, invocation.InvocationId,
                    invocation.Target, invocation.Arguments, invocation.StreamIds);
                break;
            case StreamInvocationMessage invocation:
                WriteInvocation(ref writer, HubProtocolConstants.StreamInvocationMessageType, invocation, invocation.InvocationId,
                    invocation.Target, invocation.Arguments, invocation.StreamIds);
                break;
            case StreamItemMessage item:
                writer.WriteArrayHeader(4);
                writer.Write(HubProtocolConstants.StreamItemMessageType);
                WriteHeaders(ref writer, item.Headers);
                writer.Write(item.InvocationId);
                WriteValue(ref writer, item.Item);
                break;
            case CompletionMessage completion:
                WriteCompletion(ref writer, completion);
                break;
            case CancelInvocationMessage cancel:
                writer.WriteArrayHeader(3);
                writer.Write(HubProtocolConstants.CancelInvocationMessageType);
                WriteHeaders(ref writer, cancel.Headers);
                writer.Write(cancel.InvocationId);
                break;
            case PingMessage:
                writer.WriteArrayHeader(1);
                writer.Write(HubProtocolConstants.PingMessageType);
                break;
            case CloseMessage close:
                writer.WriteArrayHeader(3);
                writer.Write(HubProtocolConstants.CloseMessageType);
                writer.Write(string.IsNullOrEmpty(close.Error) ? null : close.Error);
                writer.Write(close.AllowReconnect);
                break;
            case AckMessage ack:
                writer.WriteArrayHeader(2);
                writer.Write(HubProtocolConstants.AckMessageType);
                writer.Write(ack.SequenceId);
                break;
            case SequenceMessage sequence:
                writer.WriteArrayHeader(2);
                writer.Write(HubProtocolConstants.SequenceMessageType);
                writer.Write(sequence.SequenceId);
                break;
            default:
                throw new ArgumentException($"The messagepack protocol cannot write a {message.GetType().Name}.", nameof(message));
        }
    }

    private void WriteInvocation(ref MessagePackWriter writer, int type, HubInvocationMessage message, string? invocationId,
        string target, object?[]? arguments, string[]? streamIds)
    {
        writer.WriteArrayHeader(6);
        writer.Write(type);
        WriteHeaders(ref writer, message.Headers);
        writer.Write(string.IsNullOrEmpty(invocationId) ? null : invocationId);
        writer.Write(target);
        writer.WriteArrayHeader(arguments?.Length ?? 0);
        foreach (var argument in arguments ?? [])
        {
            WriteValue(ref writer, argument);
        }
        writer.WriteArrayHeader(streamIds?.Length ?? 0);
        foreach (var streamId in streamIds ?? [])
        {
            writer.Write(streamId);
        }
    }

    private void WriteCompletion(ref MessagePackWriter writer, CompletionMessage completion)
    {
        var resultKind = completion.Error is not null ? ErrorResult : completion.HasResult ? NonVoidResult : VoidResult;
        writer.WriteArrayHeader(resultKind == VoidResult ? 4 : 5);
        writer.Write(HubProtocolConstants.CompletionMessageType);
        WriteHeaders(ref writer, completion.Headers);
        writer.Write(completion.InvocationId);
        writer.Write(resultKind);
        if (resultKind == ErrorResult)
        {
            writer.Write(completion.Error);
        }
        else if (resultKind == NonVoidResult)
        {
            WriteValue(ref writer, completion.Result);
        }
    }

    private void WriteValue(ref MessagePackWriter writer, object? value)
    {
        if (value is RawResult raw)
        {
            writer.WriteRaw(raw.RawSerializedData); // already MessagePack (a client result relayed between servers)
            return;
        }
        resolver.Serialize(ref writer, value);
    }

    private static void WriteHeaders(ref MessagePackWriter writer, IDictionary<string, string>? headers)
    {
        if (headers is null)
        {
            writer.WriteMapHeader(0);
            return;
        }
        writer.WriteMapHeader(headers.Count);
        foreach (var (key, value) in headers)
        {
            writer.Write(key);
            writer.Write(value);
        }
    }
}
