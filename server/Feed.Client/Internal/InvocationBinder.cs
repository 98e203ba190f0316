using Microsoft.AspNetCore.SignalR;

namespace Feed.Client.Internal;

/// <summary>
/// Tells the protocol what to bind incoming payloads to: a completion's result to the type its
/// caller asked for, an invocation's arguments to its handler's parameter types.
/// </summary>
internal sealed class InvocationBinder(PendingInvocations pending, HandlerRegistry handlers) : IInvocationBinder
{
    public Type GetReturnType(string invocationId) => pending.GetReturnType(invocationId);

    /// <summary>Throwing here makes the protocol return an InvocationBindingFailureMessage,
    /// which the connection logs and skips.</summary>
    public IReadOnlyList<Type> GetParameterTypes(string methodName) =>
        handlers.Find(methodName)?.ParameterTypes
        ?? throw new InvalidOperationException($"No handler is registered for '{methodName}'.");

    public Type GetStreamItemType(string streamId) =>
        throw new NotSupportedException("Feed.Client does not support streaming invocations.");
}
