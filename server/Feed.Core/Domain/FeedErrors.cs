namespace Feed.Core;

/// <summary>
/// Input that breaks a rule of the contract. <see cref="Field"/> names the argument (camelCase,
/// as on the wire) so the hub and the API can report it.
/// </summary>
public sealed class FeedValidationException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>A user id that is well-formed but names nobody.</summary>
public sealed class UserNotFoundException(string userId) : Exception($"unknown user '{userId}'")
{
    public string UserId { get; } = userId;
}

/// <summary>The per-user publish rate limit was hit.</summary>
public sealed class RateLimitedException(TimeSpan retryAfter, string limit)
    : Exception($"publish rate limit exceeded ({limit}); retry in {Math.Ceiling(retryAfter.TotalSeconds)} s")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>The store could not be reached or failed; the message is safe to show a client.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
