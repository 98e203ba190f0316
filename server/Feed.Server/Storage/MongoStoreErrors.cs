using Feed.Core;
using Feed.Mongo;

namespace Feed.Server.Storage;

/// <summary>
/// Turns a failure to use MongoDB into a <see cref="StoreUnavailableException"/> whose message
/// is safe for a client: it says what failed and why in general terms, never hosts or
/// credentials (those stay on the inner exception and in the log).
/// </summary>
internal static class MongoStoreErrors
{
    /// <summary>True for failures of the database rather than of the caller: a cancellation
    /// the caller did not ask for is a timeout inside the client.</summary>
    public static bool IsStoreFailure(Exception e, CancellationToken callerToken) =>
        e is MongoException or InvalidDataException
        || (e is OperationCanceledException && !callerToken.IsCancellationRequested);

    public static StoreUnavailableException Unavailable(string operation, Exception e) =>
        new($"{operation} failed: the feed database (MongoDB) {Reason(e)}; try again shortly", e);

    private static string Reason(Exception e) => e switch
    {
        MongoConnectionException => "cannot be reached",
        MongoOperationTimeoutException or OperationCanceledException => "did not answer in time",
        MongoWaitQueueTimeoutException => "is busy: no connection became free in time",
        MongoAuthenticationException => "refused the server's credentials",
        MongoServerException server => $"returned error {server.Code}{(server.CodeName is null ? "" : " " + server.CodeName)}",
        _ => "sent data the server could not read",
    };
}
