namespace Feed.Client;

/// <summary>Typed shorthands for <see cref="HubConnection.On(string, Type[], Func{object?[], Task})"/>.</summary>
public static class HubConnectionHandlerExtensions
{
    public static IDisposable On(this HubConnection connection, string method, Action handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(method, Type.EmptyTypes, _ =>
        {
            handler();
            return Task.CompletedTask;
        });
    }

    public static IDisposable On(this HubConnection connection, string method, Func<Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(method, Type.EmptyTypes, _ => handler());
    }

    public static IDisposable On<T1>(this HubConnection connection, string method, Action<T1> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(method, [typeof(T1)], args =>
        {
            handler((T1)args[0]!);
            return Task.CompletedTask;
        });
    }

    public static IDisposable On<T1>(this HubConnection connection, string method, Func<T1, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(method, [typeof(T1)], args => handler((T1)args[0]!));
    }

    public static IDisposable On<T1, T2>(this HubConnection connection, string method, Action<T1, T2> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(method, [typeof(T1), typeof(T2)], args =>
        {
            handler((T1)args[0]!, (T2)args[1]!);
            return Task.CompletedTask;
        });
    }

    public static IDisposable On<T1, T2, T3>(this HubConnection connection, string method, Action<T1, T2, T3> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(method, [typeof(T1), typeof(T2), typeof(T3)], args =>
        {
            handler((T1)args[0]!, (T2)args[1]!, (T3)args[2]!);
            return Task.CompletedTask;
        });
    }
}
