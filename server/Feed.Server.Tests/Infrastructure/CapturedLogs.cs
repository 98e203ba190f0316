using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Feed.Server.Tests.Infrastructure;

/// <summary>Every log line the server wrote, at every level, for assertions on logging.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _lines = new();

    public IReadOnlyCollection<CapturedLog> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(new CapturedLog(category, logLevel, eventId.Id, formatter(state, exception) + (exception is null ? "" : "\n" + exception)));
    }
}

public sealed record CapturedLog(string Category, LogLevel Level, int EventId, string Message);
