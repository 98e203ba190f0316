using Feed.Core;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.LoadTest.Clients.Raw;

/// <summary>
/// What the server may send a raw connection: <c>FeedUpdated(items)</c> as the caller's item
/// type, <c>Resync()</c>, and completions, whose results stay unparsed (<see cref="RawResult"/>):
/// the tester only needs to know a call succeeded.
/// </summary>
internal sealed class RawInvocationBinder(Type itemsType) : IInvocationBinder
{
    private readonly Type[] _feedUpdated = [itemsType];

    public Type GetReturnType(string invocationId) => typeof(RawResult);

    public IReadOnlyList<Type> GetParameterTypes(string methodName) => methodName switch
    {
        FeedHubMethods.FeedUpdated => _feedUpdated,
        FeedHubMethods.Resync => [],
        _ => throw new HubException($"The server invoked '{methodName}', which the load tester does not handle."),
    };

    public Type GetStreamItemType(string streamId) =>
        throw new HubException($"The server streamed to '{streamId}'; the load tester never asks for streams.");
}
