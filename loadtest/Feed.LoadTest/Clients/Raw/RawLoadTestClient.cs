using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.LoadTest.Clients.Raw;

/// <summary>
/// <c>--client raw</c>: a bare <see cref="System.Net.WebSockets.ClientWebSocket"/> per connection
/// speaking SignalR through the official <see cref="IHubProtocol"/> and handshake types, with no
/// pipes, no per-connection timers and one shared HTTP handler: the lean end of the comparison
/// with the official client. Not a general client: only what the tester calls.
/// </summary>
internal sealed class RawLoadTestClient : ILoadTestClient, IAsyncDisposable
{
    // Below the server's client timeout (30 s by default), as the official client's keep-alive.
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    private readonly IHubProtocol _protocol;
    private readonly HttpMessageInvoker _http;
    private readonly ConcurrentDictionary<RawHubConnection, byte> _open = new();
    private readonly PeriodicTimer _keepAlive = new(KeepAlive);
    private readonly Task _pinging;
    private readonly ReadOnlyMemory<byte> _ping;

    public RawLoadTestClient(IHubProtocol protocol, HttpMessageInvoker http)
    {
        _protocol = protocol;
        _http = http;
        _ping = protocol.GetMessageBytes(PingMessage.Instance);
        _pinging = PingAllAsync(); // one timer for every connection, not one each
    }

    public async Task<ILoadTestConnection> ConnectAsync<TItem>(Uri url, string token, Action<TItem[]> onFeedUpdated, CancellationToken cancellationToken)
    {
        var connection = await RawHubConnection.ConnectAsync(url, token, _protocol, _http,
            new RawInvocationBinder(typeof(TItem[])), args => onFeedUpdated((TItem[])args[0]!), _ping, cancellationToken).ConfigureAwait(false);
        _open.TryAdd(connection, 0);
        _ = connection.Completion.ContinueWith(_ => _open.TryRemove(connection, out var _), TaskScheduler.Default);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        _keepAlive.Dispose();
        await _pinging.ConfigureAwait(false);
    }

    private async Task PingAllAsync()
    {
        while (await _keepAlive.WaitForNextTickAsync().ConfigureAwait(false))
        {
            foreach (var connection in _open.Keys)
            {
                connection.PingIfIdle();
            }
        }
    }
}
