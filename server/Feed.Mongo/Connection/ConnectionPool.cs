using System.Collections.Concurrent;
using Feed.Mongo.Internal;
using Microsoft.Extensions.Logging;

namespace Feed.Mongo.Connection;

/// <summary>
/// A bounded pool of connections (MongoDB CMAP, simplified): at most maxPoolSize are checked
/// out at once, a caller waits up to waitQueueTimeoutMS for one, idle connections are reused
/// newest first. A network error clears the pool (bumps the generation) so every idle
/// connection to the failed server is dropped rather than handed out to fail again.
/// </summary>
internal sealed class ConnectionPool : IAsyncDisposable
{
    private readonly MongoUrl _url;
    private readonly Func<int, CancellationToken, Task<MongoConnection>> _open;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _checkOutPermits;
    private readonly ConcurrentStack<MongoConnection> _idle = new();
    private int _generation;
    private int _openCount;
    private int _minimumRequested;
    private bool _disposed;

    public ConnectionPool(MongoUrl url, Func<int, CancellationToken, Task<MongoConnection>> open, ILogger logger)
    {
        _url = url;
        _open = open;
        _logger = logger;
        _checkOutPermits = new SemaphoreSlim(url.MaxPoolSize, url.MaxPoolSize);
    }

    public int OpenCount => Volatile.Read(ref _openCount);

    public int IdleCount => _idle.Count;

    public int Generation => Volatile.Read(ref _generation);

    public async Task<MongoConnection> CheckOutAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!await _checkOutPermits.WaitAsync(_url.WaitQueueTimeout, cancellationToken))
        {
            throw new MongoWaitQueueTimeoutException(
                $"no MongoDB connection became free within waitQueueTimeoutMS ({_url.WaitQueueTimeout.TotalMilliseconds:0} ms): all {_url.MaxPoolSize} (maxPoolSize) are in use");
        }
        try
        {
            var connection = await TakeIdleOrOpenAsync(cancellationToken);
            StartMinimumFill();
            return connection;
        }
        catch
        {
            _checkOutPermits.Release();
            throw;
        }
    }

    /// <summary>Gives a connection back: kept if healthy and current, otherwise closed.</summary>
    public void Return(MongoConnection connection)
    {
        if (connection.IsBroken || connection.Generation != Generation || _disposed)
        {
            Discard(connection);
        }
        else
        {
            _idle.Push(connection);
        }
        _checkOutPermits.Release();
    }

    /// <summary>After a network error: drop every idle connection and mark checked-out ones stale.</summary>
    public void Clear()
    {
        var generation = Interlocked.Increment(ref _generation);
        MongoLog.PoolCleared(_logger, generation);
        while (_idle.TryPop(out var connection))
        {
            Discard(connection);
        }
    }

    private async Task<MongoConnection> TakeIdleOrOpenAsync(CancellationToken cancellationToken)
    {
        while (_idle.TryPop(out var idle))
        {
            if (!idle.IsBroken && idle.Generation == Generation)
            {
                return idle;
            }
            Discard(idle);
        }
        var connection = await _open(Generation, cancellationToken);
        Interlocked.Increment(ref _openCount);
        return connection;
    }

    /// <summary>Opens minPoolSize connections in the background once the pool is first used.</summary>
    private void StartMinimumFill()
    {
        if (_url.MinPoolSize == 0 || Interlocked.Exchange(ref _minimumRequested, 1) != 0)
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                while (!_disposed && OpenCount < _url.MinPoolSize && _checkOutPermits.Wait(0))
                {
                    try
                    {
                        var connection = await _open(Generation, CancellationToken.None);
                        Interlocked.Increment(ref _openCount);
                        _idle.Push(connection);
                    }
                    finally
                    {
                        _checkOutPermits.Release();
                    }
                }
            }
            catch (MongoException e)
            {
                MongoLog.MinPoolFillFailed(_logger, e.Message);
            }
        });
    }

    private void Discard(MongoConnection connection)
    {
        Interlocked.Decrement(ref _openCount);
        _ = connection.DisposeAsync().AsTask();
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        while (_idle.TryPop(out var connection))
        {
            Interlocked.Decrement(ref _openCount);
            await connection.DisposeAsync();
        }
    }
}
