using Feed.Mongo.Internal;
using Microsoft.Extensions.Logging;

namespace Feed.Mongo.Connection;

/// <summary>
/// Finds a server to open a connection to, trying the seed list (the last known primary first)
/// until serverSelectionTimeoutMS. A server is suitable when directConnection is set, when it
/// is the only seed and no replicaSet is named, or when hello says it is the writable primary.
/// There is no background monitoring: a failing server is noticed by the operation that fails.
/// </summary>
internal sealed class ServerSelector(MongoUrl url, ILogger logger)
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(250);
    private MongoServerAddress? _primaryHint;

    public async Task<MongoConnection> OpenAsync(int generation, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + url.ServerSelectionTimeout;
        var errors = new List<string>();
        while (true)
        {
            foreach (var address in Candidates())
            {
                var connection = await TryOpenAsync(address, generation, errors, cancellationToken);
                if (connection is not null)
                {
                    return connection;
                }
            }
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                throw new MongoConnectionException(
                    $"no suitable MongoDB server within serverSelectionTimeoutMS ({url.ServerSelectionTimeout.TotalMilliseconds:0} ms): {string.Join("; ", errors.Distinct())}");
            }
            await Task.Delay(remaining < RetryInterval ? remaining : RetryInterval, cancellationToken);
        }
    }

    private async Task<MongoConnection?> TryOpenAsync(MongoServerAddress address, int generation, List<string> errors, CancellationToken cancellationToken)
    {
        MongoConnection connection;
        try
        {
            connection = await MongoConnection.OpenAsync(address, url, generation, logger, cancellationToken);
        }
        catch (Exception e) when (e is MongoConnectionException or MongoOperationTimeoutException or InvalidDataException)
        {
            MongoLog.ConnectFailed(logger, address.ToString(), e.Message);
            errors.Add(e.Message);
            return null;
        }
        if (IsSuitable(connection.Description))
        {
            return connection;
        }
        errors.Add($"{address} is not the writable primary");
        _primaryHint = connection.Description.Primary is { } primary ? ParseHint(primary) : null;
        await connection.DisposeAsync();
        return null;
    }

    private bool IsSuitable(ServerDescription description) =>
        url.DirectConnection == true
        || (url.Hosts.Count == 1 && url.ReplicaSet is null && url.DirectConnection is null)
        || description.IsWritablePrimary;

    private IEnumerable<MongoServerAddress> Candidates() =>
        _primaryHint is null ? url.Hosts : url.Hosts.Where(h => h != _primaryHint).Prepend(_primaryHint);

    private static MongoServerAddress? ParseHint(string hostAndPort)
    {
        try
        {
            return MongoUrl.Parse("mongodb://" + hostAndPort).Hosts[0];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
