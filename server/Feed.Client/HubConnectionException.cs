using System.Net;

namespace Feed.Client;

/// <summary>
/// The connection could not be opened (HTTP refusal, handshake error) or closed before an
/// invocation completed. A method that failed on the server throws
/// <see cref="Microsoft.AspNetCore.SignalR.HubException"/> instead.
/// </summary>
public sealed class HubConnectionException : Exception
{
    public HubConnectionException(string message)
        : base(message)
    {
    }

    public HubConnectionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public HubConnectionException(string message, HttpStatusCode? statusCode, Exception? innerException)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>The HTTP status the server answered the WebSocket upgrade with, when it refused it.</summary>
    public HttpStatusCode? StatusCode { get; }
}
