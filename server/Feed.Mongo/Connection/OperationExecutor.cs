using Feed.Mongo.Internal;
using Microsoft.Extensions.Logging;

namespace Feed.Mongo.Connection;

/// <summary>
/// Runs an operation on a pooled connection and always gives the connection back. A network
/// error clears the pool; a retryable read is tried once more on a fresh connection.
/// </summary>
internal sealed class OperationExecutor(ConnectionPool pool, ILogger logger)
{
    public async Task<T> ExecuteAsync<T>(string operationName, bool retryableRead,
        Func<MongoConnection, CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var connection = await pool.CheckOutAsync(cancellationToken);
            try
            {
                return await operation(connection, cancellationToken);
            }
            catch (MongoConnectionException e) when (retryableRead && attempt == 0)
            {
                MongoLog.RetryingRead(logger, operationName, e.Message);
                pool.Clear();
            }
            catch (MongoConnectionException)
            {
                pool.Clear();
                throw;
            }
            finally
            {
                pool.Return(connection);
            }
        }
    }
}
