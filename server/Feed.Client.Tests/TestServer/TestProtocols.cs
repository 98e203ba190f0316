using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.Client.Tests.TestServer;

/// <summary>
/// The JSON protocol under other names: "jsonbin" declares the Binary transfer format (the
/// test server knows it, so binary framing is proven end to end); "nope" is unknown to servers.
/// </summary>
public static class TestProtocols
{
    public static IHubProtocol BinaryJson { get; } = new RenamedJsonProtocol("jsonbin", TransferFormat.Binary);

    public static IHubProtocol Unknown { get; } = new RenamedJsonProtocol("nope", TransferFormat.Text);

    private sealed class RenamedJsonProtocol(string name, TransferFormat format) : IHubProtocol
    {
        private static readonly IHubProtocol Json = HubConnectionOptions.DefaultProtocol;

        public string Name => name;

        public int Version => 1;

        public TransferFormat TransferFormat => format;

        public bool IsVersionSupported(int version) => version == 1;

        public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder,
            [NotNullWhen(true)] out HubMessage? message) => Json.TryParseMessage(ref input, binder, out message);

        public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => Json.WriteMessage(message, output);

        public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => Json.GetMessageBytes(message);
    }
}
