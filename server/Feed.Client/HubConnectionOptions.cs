using System.Net.WebSockets;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Feed.Client;

/// <summary>
/// How a <see cref="HubConnection"/> connects and how it watches the connection. Every setting has
/// a safe default; one instance may be shared by many connections (it is only read).
/// </summary>
public sealed class HubConnectionOptions
{
    /// <summary>The JSON hub protocol with its defaults (camelCase); thread-safe, so shared.</summary>
    public static IHubProtocol DefaultProtocol { get; } =
        new JsonHubProtocol(Options.Create(new JsonHubProtocolOptions()));

    /// <summary>
    /// The hub protocol. Its <see cref="IHubProtocol.TransferFormat"/> picks the WebSocket frame
    /// type: binary frames for binary protocols, text frames otherwise.
    /// </summary>
    public IHubProtocol Protocol { get; set; } = DefaultProtocol;

    /// <summary>Sent as the <c>access_token</c> query parameter (SignalR's WebSocket convention).</summary>
    public string? AccessToken { get; set; }

    /// <summary>Asked for the token on connect when <see cref="AccessToken"/> is not set.</summary>
    public Func<CancellationToken, ValueTask<string?>>? AccessTokenProvider { get; set; }

    /// <summary>A ping is sent when nothing else was sent for this long. The server's client
    /// timeout (30 s by default) must be longer.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The server is considered gone after this long without receiving anything.</summary>
    public TimeSpan ServerTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Limit for the WebSocket upgrade plus the SignalR handshake.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// An invocation without a completion for this long fails with <see cref="TimeoutException"/>
    /// (checked on the keep-alive tick, so it may fire up to half a tick late).
    /// <see cref="Timeout.InfiniteTimeSpan"/> waits for as long as the connection lives.
    /// </summary>
    public TimeSpan InvocationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long <see cref="HubConnection.StopAsync"/> waits for the close handshake.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest single hub message accepted from the server, in bytes.</summary>
    public int MaximumReceiveMessageSize { get; set; } = 1024 * 1024;

    /// <summary>Adjusts the WebSocket before it connects (headers, proxy, certificates).</summary>
    public Action<ClientWebSocketOptions>? ConfigureWebSocket { get; set; }

    /// <summary>
    /// Optional shared HTTP handler for the upgrade request, so thousands of sockets (the load
    /// tester) can share one <c>SocketsHttpHandler</c> instead of one each.
    /// </summary>
    public HttpMessageInvoker? HttpMessageInvoker { get; set; }

    /// <summary>Optional logger. The access token and the URL's query are never logged.</summary>
    public ILogger? Logger { get; set; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Protocol, nameof(Protocol));
        RequirePositive(KeepAliveInterval, nameof(KeepAliveInterval));
        RequirePositive(ServerTimeout, nameof(ServerTimeout));
        RequirePositive(HandshakeTimeout, nameof(HandshakeTimeout));
        RequirePositive(CloseTimeout, nameof(CloseTimeout));
        if (InvocationTimeout != Timeout.InfiniteTimeSpan)
        {
            RequirePositive(InvocationTimeout, nameof(InvocationTimeout));
        }
        if (MaximumReceiveMessageSize < 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MaximumReceiveMessageSize), MaximumReceiveMessageSize,
                "MaximumReceiveMessageSize must be at least 1024 bytes.");
        }
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
        }
    }
}
