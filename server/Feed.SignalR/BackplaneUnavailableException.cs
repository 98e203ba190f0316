namespace Feed.SignalR;

/// <summary>
/// The backplane cannot reach the other instances (Redis is unreachable or did not answer in time);
/// what this instance could do locally was done. Thrown by a backplane's <see cref="IHubAudiences{THub}.ChangeAsync"/>.
/// </summary>
public sealed class BackplaneUnavailableException(string message, Exception innerException) : Exception(message, innerException);
