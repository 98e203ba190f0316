using Microsoft.Extensions.Logging;

namespace Feed.Client.Internal;

/// <summary>The client's log events. URLs are logged without their query (it carries the token).</summary>
internal static partial class HubConnectionLog
{
    [LoggerMessage(1, LogLevel.Debug, "Connecting to {Url} with protocol {Protocol}.")]
    public static partial void Connecting(ILogger logger, string url, string protocol);

    [LoggerMessage(2, LogLevel.Debug, "Connected to {Url}.")]
    public static partial void Connected(ILogger logger, string url);

    [LoggerMessage(3, LogLevel.Information, "Connection closed.")]
    public static partial void ClosedCleanly(ILogger logger);

    [LoggerMessage(4, LogLevel.Warning, "Connection closed with an error.")]
    public static partial void ClosedWithError(ILogger logger, Exception error);

    [LoggerMessage(5, LogLevel.Warning, "No message from the server for {Timeout}; closing the connection.")]
    public static partial void ServerTimeout(ILogger logger, TimeSpan timeout);

    [LoggerMessage(6, LogLevel.Error, "A handler of '{Method}' failed.")]
    public static partial void HandlerFailed(ILogger logger, string method, Exception error);

    [LoggerMessage(7, LogLevel.Debug, "The server invoked '{Method}', which has no handler.")]
    public static partial void MissingHandler(ILogger logger, string method);

    [LoggerMessage(8, LogLevel.Warning, "The arguments of '{Method}' could not be bound; the invocation is skipped.")]
    public static partial void BindingFailed(ILogger logger, string method, Exception error);

    [LoggerMessage(9, LogLevel.Warning, "The server asked '{Method}' for a result, which this client does not return.")]
    public static partial void ClientResultNotSupported(ILogger logger, string method);

    [LoggerMessage(10, LogLevel.Debug, "Ignoring a {MessageType} from the server.")]
    public static partial void IgnoredMessage(ILogger logger, string messageType);

    [LoggerMessage(11, LogLevel.Error, "A Closed handler failed.")]
    public static partial void ClosedHandlerFailed(ILogger logger, Exception error);
}
