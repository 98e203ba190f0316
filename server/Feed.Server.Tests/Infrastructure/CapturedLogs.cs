using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Feed.Server.Tests.Infrastructure;

/// <summary>
/// Every log line the server wrote, at every level, for assertions on logging. The host's
/// container owns it and made it for the host's first logger, before nearly everything else, so
/// disposes it nearly last: <see cref="Disposed"/> says the host's services (meters included) are gone.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _lines = new();
    private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyCollection<CapturedLog> Lines => _lines;

    /// <summary>Completes when the host's container disposed this provider, at the end of the host's disposal.</summary>
    public Task Disposed => _disposed.Task;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose() => _disposed.TrySetResult();

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(new CapturedLog(category, logLevel, eventId.Id, formatter(state, exception) + (exception is null ? "" : "\n" + exception)));
    }
}

public sealed record CapturedLog(string Category, LogLevel Level, int EventId, string Message);
