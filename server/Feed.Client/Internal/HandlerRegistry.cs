namespace Feed.Client.Internal;

/// <summary>
/// Handlers for server-to-client methods, by method name (case-insensitive, as SignalR's
/// clients match them). Every handler of one method takes the same parameter types, since
/// the protocol binds the arguments once per message. Handler lists are copied on write so
/// the receive loop reads them without locking.
/// </summary>
internal sealed class HandlerRegistry
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, MethodHandlers> _byMethod = new(StringComparer.OrdinalIgnoreCase);

    public IDisposable Add(string method, Type[] parameterTypes, Func<object?[], Task> handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(parameterTypes);
        ArgumentNullException.ThrowIfNull(handler);
        lock (_lock)
        {
            if (_byMethod.TryGetValue(method, out var existing))
            {
                if (!existing.ParameterTypes.AsSpan().SequenceEqual(parameterTypes))
                {
                    throw new ArgumentException(
                        $"Handlers of '{method}' must all take ({Describe(existing.ParameterTypes)}), not ({Describe(parameterTypes)}).",
                        nameof(parameterTypes));
                }
                _byMethod[method] = existing with { Handlers = [.. existing.Handlers, handler] };
            }
            else
            {
                _byMethod[method] = new MethodHandlers([.. parameterTypes], [handler]);
            }
        }
        return new Subscription(this, method, handler);
    }

    public MethodHandlers? Find(string method)
    {
        lock (_lock)
        {
            return _byMethod.GetValueOrDefault(method);
        }
    }

    private void Remove(string method, Func<object?[], Task> handler)
    {
        lock (_lock)
        {
            if (!_byMethod.TryGetValue(method, out var existing))
            {
                return;
            }
            var remaining = existing.Handlers.Where(h => h != handler).ToArray();
            if (remaining.Length == 0)
            {
                _byMethod.Remove(method);
            }
            else
            {
                _byMethod[method] = existing with { Handlers = remaining };
            }
        }
    }

    private static string Describe(Type[] types) => string.Join(", ", types.Select(t => t.Name));

    internal sealed record MethodHandlers(Type[] ParameterTypes, Func<object?[], Task>[] Handlers);

    private sealed class Subscription(HandlerRegistry registry, string method, Func<object?[], Task> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                registry.Remove(method, handler);
            }
        }
    }
}
