using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.Testing.SignalR;

/// <summary>JSON under another name, counting how often a message is serialized.</summary>
public sealed class CountingProtocol : IHubProtocol
{
    private readonly JsonHubProtocol _json = new();
    private int _serialized;

    public int Serialized => Volatile.Read(ref _serialized);

    public string Name => "counting-json";

    public int Version => _json.Version;

    public TransferFormat TransferFormat => _json.TransferFormat;

    public bool IsVersionSupported(int version) => _json.IsVersionSupported(version);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message) =>
        _json.TryParseMessage(ref input, binder, out message);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output)
    {
        Interlocked.Increment(ref _serialized);
        _json.WriteMessage(message, output);
    }

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message)
    {
        Interlocked.Increment(ref _serialized);
        return _json.GetMessageBytes(message);
    }
}

/// <summary>The protocols a test instance knows: JSON, plus optionally a counting one.</summary>
public sealed class TestProtocolResolver(params IHubProtocol[] protocols) : IHubProtocolResolver
{
    public IReadOnlyList<IHubProtocol> AllProtocols { get; } = protocols.Length == 0 ? [new JsonHubProtocol()] : protocols;

    public IHubProtocol? GetProtocol(string protocolName, IReadOnlyList<string>? supportedProtocols) =>
        AllProtocols.FirstOrDefault(p => p.Name == protocolName);
}
