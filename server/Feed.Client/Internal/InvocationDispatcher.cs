using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging;

namespace Feed.Client.Internal;

/// <summary>
/// Runs handlers for server-to-client invocations one message at a time, in arrival order.
/// A handler that completes synchronously runs right on the receive loop at no extra cost;
/// one that awaits does not hold up the loop (it may itself await an invocation on this
/// connection, whose completion the loop must still read): later messages queue behind it
/// and run when it finishes.
/// </summary>
internal sealed class InvocationDispatcher(HandlerRegistry handlers, ILogger logger)
{
    private readonly Lock _lock = new();
    private Queue<InvocationMessage>? _backlog;
    private bool _running;

    public void Dispatch(InvocationMessage message)
    {
        lock (_lock)
        {
            if (_running)
            {
                (_backlog ??= new()).Enqueue(message);
                return;
            }
            _running = true;
        }
        _ = RunAsync(message);
    }

    private async Task RunAsync(InvocationMessage message)
    {
        while (true)
        {
            await InvokeHandlersAsync(message).ConfigureAwait(false);
            lock (_lock)
            {
                if (_backlog is null || !_backlog.TryDequeue(out message!))
                {
                    _running = false;
                    return;
                }
            }
        }
    }

    private async Task InvokeHandlersAsync(InvocationMessage message)
    {
        var registered = handlers.Find(message.Target);
        if (registered is null)
        {
            HubConnectionLog.MissingHandler(logger, message.Target);
            return;
        }
        foreach (var handler in registered.Handlers)
        {
            try
            {
                await handler(message.Arguments).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // One failing handler must not stop the others nor the connection.
                HubConnectionLog.HandlerFailed(logger, message.Target, ex);
            }
        }
    }
}
