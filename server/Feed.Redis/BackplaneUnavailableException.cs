namespace Feed.Redis;

/// <summary>The Redis backplane cannot reach Redis (or Redis did not answer in time); what this instance could do locally was done.</summary>
public sealed class BackplaneUnavailableException(string message, Exception innerException) : Exception(message, innerException);
