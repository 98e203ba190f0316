using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.MessagePack.Protocol;

/// <summary>
/// Turns one frame's MessagePack array into a <see cref="HubMessage"/> (layouts in
/// <see cref="MessagePackHubProtocol"/>). Malformed messages throw
/// <see cref="InvalidDataException"/>; values that do not bind to the target's types become
/// binding-failure messages so the server can answer with an error and keep the connection.
/// </summary>
internal sealed class HubMessageParser(MessagePackFormatterResolver resolver)
{
    private const int ErrorResult = 1;
    private const int VoidResult = 2;
    private const int NonVoidResult = 3;

    /// <summary>The message, or null for a message type this version does not know (ignored, as the spec allows).</summary>
    public HubMessage? Parse(ref MessagePackReader reader, IInvocationBinder binder)
    {
        var itemCount = HubMessageFields.ArrayLength(ref reader, "message");
        if (itemCount == 0)
        {
            throw new InvalidDataException("A hub message is an array starting with the message type; this one is empty.");
        }
        var messageType = HubMessageFields.Int32(ref reader, "messageType");
        switch (messageType)
        {
            case HubProtocolConstants.InvocationMessageType:
                return ParseInvocation(ref reader, binder, Require(itemCount, 5, "Invocation"));
            case HubProtocolConstants.StreamInvocationMessageType:
                return ParseStreamInvocation(ref reader, binder, Require(itemCount, 5, "StreamInvocation"));
            case HubProtocolConstants.StreamItemMessageType:
                Require(itemCount, 4, "StreamItem");
                return ParseStreamItem(ref reader, binder);
            case HubProtocolConstants.CompletionMessageType:
                return ParseCompletion(ref reader, binder, Require(itemCount, 4, "Completion"));
            case HubProtocolConstants.CancelInvocationMessageType:
                Require(itemCount, 3, "CancelInvocation");
                return ParseCancelInvocation(ref reader);
            case HubProtocolConstants.PingMessageType:
                return PingMessage.Instance;
            case HubProtocolConstants.CloseMessageType:
                return ParseClose(ref reader, Require(itemCount, 2, "Close"));
            case HubProtocolConstants.AckMessageType:
                Require(itemCount, 2, "Ack");
                return new AckMessage(HubMessageFields.Int64(ref reader, "sequenceId"));
            case HubProtocolConstants.SequenceMessageType:
                Require(itemCount, 2, "Sequence");
                return new SequenceMessage(HubMessageFields.Int64(ref reader, "sequenceId"));
            default:
                return null;
        }
    }

    private HubMessage ParseInvocation(ref MessagePackReader reader, IInvocationBinder binder, int itemCount)
    {
        var headers = HubMessageFields.Headers(ref reader);
        var invocationId = HubMessageFields.NullableString(ref reader, "invocationId");
        if (string.IsNullOrEmpty(invocationId))
        {
            invocationId = null; // nil (or empty) marks a non-blocking invocation
        }
        var target = HubMessageFields.Target(ref reader, binder);
        object?[] arguments;
        try
        {
            arguments = BindArguments(ref reader, binder.GetParameterTypes(target));
        }
        catch (Exception ex)
        {
            return new InvocationBindingFailureMessage(invocationId, target, ExceptionDispatchInfo.Capture(ex));
        }
        var streamIds = itemCount > 5 ? HubMessageFields.StreamIds(ref reader) : null;
        return WithHeaders(headers, new InvocationMessage(invocationId, target, arguments, streamIds));
    }

    private HubMessage ParseStreamInvocation(ref MessagePackReader reader, IInvocationBinder binder, int itemCount)
    {
        var headers = HubMessageFields.Headers(ref reader);
        var invocationId = HubMessageFields.InvocationId(ref reader, "StreamInvocation");
        var target = HubMessageFields.Target(ref reader, binder);
        object?[] arguments;
        try
        {
            arguments = BindArguments(ref reader, binder.GetParameterTypes(target));
        }
        catch (Exception ex)
        {
            return new InvocationBindingFailureMessage(invocationId, target, ExceptionDispatchInfo.Capture(ex));
        }
        var streamIds = itemCount > 5 ? HubMessageFields.StreamIds(ref reader) : null;
        return WithHeaders(headers, new StreamInvocationMessage(invocationId, target, arguments, streamIds));
    }

    private HubMessage ParseStreamItem(ref MessagePackReader reader, IInvocationBinder binder)
    {
        var headers = HubMessageFields.Headers(ref reader);
        var invocationId = HubMessageFields.InvocationId(ref reader, "StreamItem");
        object? item;
        try
        {
            item = resolver.Deserialize(ref reader, binder.GetStreamItemType(invocationId));
        }
        catch (Exception ex)
        {
            return new StreamBindingFailureMessage(invocationId, ExceptionDispatchInfo.Capture(ex));
        }
        return WithHeaders(headers, new StreamItemMessage(invocationId, item));
    }

    private CompletionMessage ParseCompletion(ref MessagePackReader reader, IInvocationBinder binder, int itemCount)
    {
        var headers = HubMessageFields.Headers(ref reader);
        var invocationId = HubMessageFields.InvocationId(ref reader, "Completion");
        var resultKind = HubMessageFields.Int32(ref reader, "resultKind");
        if (resultKind is ErrorResult or NonVoidResult)
        {
            Require(itemCount, 5, resultKind == ErrorResult ? "Completion with an error" : "Completion with a result");
        }
        var message = resultKind switch
        {
            ErrorResult => CompletionMessage.WithError(invocationId, HubMessageFields.String(ref reader, "error")),
            VoidResult => CompletionMessage.Empty(invocationId),
            NonVoidResult => ParseResult(ref reader, binder, invocationId),
            _ => throw new InvalidDataException($"Invalid invocation result kind {resultKind} (1 error, 2 void, 3 result)."),
        };
        return WithHeaders(headers, message);
    }

    private CompletionMessage ParseResult(ref MessagePackReader reader, IInvocationBinder binder, string invocationId)
    {
        Type? resultType;
        try
        {
            resultType = binder.GetReturnType(invocationId);
        }
        catch (Exception)
        {
            resultType = null; // not an invocation we made (or no longer waiting): the result is dropped
        }
        if (resultType is null)
        {
            reader.Skip();
            return CompletionMessage.WithResult(invocationId, null);
        }
        if (resultType == typeof(RawResult))
        {
            return CompletionMessage.WithResult(invocationId, new RawResult(reader.ReadRaw()));
        }
        try
        {
            return CompletionMessage.WithResult(invocationId, resolver.Deserialize(ref reader, resultType));
        }
        catch (Exception ex)
        {
            return CompletionMessage.WithError(invocationId, $"Error trying to deserialize result to {resultType.Name}. {ex.Message}");
        }
    }

    private static CancelInvocationMessage ParseCancelInvocation(ref MessagePackReader reader)
    {
        var headers = HubMessageFields.Headers(ref reader);
        return WithHeaders(headers, new CancelInvocationMessage(HubMessageFields.InvocationId(ref reader, "CancelInvocation")));
    }

    private static CloseMessage ParseClose(ref MessagePackReader reader, int itemCount)
    {
        var error = HubMessageFields.NullableString(ref reader, "error");
        var allowReconnect = itemCount > 2 && HubMessageFields.Boolean(ref reader, "allowReconnect");
        return error is null && !allowReconnect ? CloseMessage.Empty : new CloseMessage(error, allowReconnect);
    }

    private object?[] BindArguments(ref MessagePackReader reader, IReadOnlyList<Type> parameterTypes)
    {
        var count = HubMessageFields.ArrayLength(ref reader, "arguments");
        if (count != parameterTypes.Count)
        {
            throw new InvalidDataException($"Invocation provides {count} argument(s) but target expects {parameterTypes.Count}.");
        }
        var arguments = new object?[count];
        for (var i = 0; i < count; i++)
        {
            try
            {
                arguments[i] = resolver.Deserialize(ref reader, parameterTypes[i]);
            }
            catch (Exception ex)
            {
                throw new InvalidDataException(
                    $"Error binding arguments: argument {i + 1} as {parameterTypes[i].Name}: {ex.Message} Make sure the " +
                    "types of the provided values match the types of the hub method being invoked.", ex);
            }
        }
        return arguments;
    }

    private static int Require(int itemCount, int minimum, string messageName) =>
        itemCount >= minimum
            ? itemCount
            : throw new InvalidDataException($"{messageName} message has {itemCount} item(s); at least {minimum} expected.");

    private static T WithHeaders<T>(Dictionary<string, string>? headers, T message) where T : HubInvocationMessage
    {
        if (headers is not null)
        {
            message.Headers = headers;
        }
        return message;
    }
}
