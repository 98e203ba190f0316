using System.Net.Sockets;

namespace Feed.Mongo.Connection;

/// <summary>Opens the TCP (or Unix domain) socket for a server within connectTimeoutMS.</summary>
internal static class SocketConnector
{
    public static async Task<Socket> ConnectAsync(MongoServerAddress address, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = address.Kind == MongoHostKind.UnixSocket
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            if (address.Kind == MongoHostKind.UnixSocket)
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(address.Host), deadline.Token);
            }
            else
            {
                await socket.ConnectAsync(address.Host, address.EffectivePort, deadline.Token);
            }
            return socket;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new MongoConnectionException($"could not connect to {address} within connectTimeoutMS ({timeout.TotalMilliseconds:0} ms)");
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new MongoConnectionException($"could not connect to {address}: {e.Message}", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
