using System.Net.WebSockets;

namespace Feed.Client.Internal;

/// <summary>
/// Opens the WebSocket straight to the hub URL, skipping SignalR's negotiate request (servers
/// accept a direct WebSocket; the official clients call this SkipNegotiation).
/// </summary>
internal static class WebSocketConnector
{
    public static async Task<ClientWebSocket> ConnectAsync(Uri hubUrl, HubConnectionOptions options,
        CancellationToken cancellationToken)
    {
        var token = options.AccessToken;
        if (string.IsNullOrEmpty(token) && options.AccessTokenProvider is { } provider)
        {
            token = await provider(cancellationToken).ConfigureAwait(false);
        }
        var uri = HubUrl.ToWebSocketUri(hubUrl, token);

        var socket = new ClientWebSocket();
        // SignalR's own ping keeps the connection alive: one timer per connection, not two.
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        socket.Options.CollectHttpResponseDetails = true;
        options.ConfigureWebSocket?.Invoke(socket.Options);
        try
        {
            await socket.ConnectAsync(uri, options.HttpMessageInvoker, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException ex)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            throw Refused(HubUrl.Redact(hubUrl), status, ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        // Only needed to explain a refusal; do not keep the headers for the connection's life.
        socket.HttpResponseHeaders = null;
        return socket;
    }

    private static HubConnectionException Refused(string url, System.Net.HttpStatusCode status, WebSocketException ex) =>
        status == 0
            ? new HubConnectionException($"Could not open a WebSocket to {url}: {ex.Message}", null, ex)
            : new HubConnectionException(
                $"The server refused the WebSocket to {url} with HTTP {(int)status} ({status}).", status, ex);
}
