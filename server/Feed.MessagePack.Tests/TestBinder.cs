using Microsoft.AspNetCore.SignalR;

namespace Feed.MessagePack.Tests;

/// <summary>A binder with fixed method signatures, result types and stream item types; unknown names throw like the server's.</summary>
internal sealed class TestBinder : IInvocationBinder
{
    public Dictionary<string, Type[]> Methods { get; } = new();

    public Dictionary<string, Type> Results { get; } = new();

    public Dictionary<string, Type> Streams { get; } = new();

    public IReadOnlyList<Type> GetParameterTypes(string methodName) =>
        Methods.TryGetValue(methodName, out var types) ? types : throw new InvalidOperationException($"Unknown hub method '{methodName}'.");

    public Type GetReturnType(string invocationId) =>
        Results.TryGetValue(invocationId, out var type) ? type : throw new InvalidOperationException($"Unknown invocation '{invocationId}'.");

    public Type GetStreamItemType(string streamId) =>
        Streams.TryGetValue(streamId, out var type) ? type : throw new InvalidOperationException($"Unknown stream '{streamId}'.");
}
