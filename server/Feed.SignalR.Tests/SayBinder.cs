using Microsoft.AspNetCore.SignalR;

namespace Feed.SignalR.Tests;

/// <summary>Binds the tests' one hub method, <c>Say(string)</c>, when parsing what a connection was sent.</summary>
internal sealed class SayBinder : IInvocationBinder
{
    public static readonly SayBinder Instance = new();

    public IReadOnlyList<Type> GetParameterTypes(string methodName) => [typeof(string)];

    public Type GetReturnType(string invocationId) => typeof(object);

    public Type GetStreamItemType(string streamId) => typeof(object);
}
