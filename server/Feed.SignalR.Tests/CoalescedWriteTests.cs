using System.Buffers;
using Feed.SignalR.Internal;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.SignalR.Tests;

/// <summary>Messages written together read back as the same messages, in order, in either protocol.</summary>
public sealed class CoalescedWriteTests
{
    public static TheoryData<string> Protocols => ["json", "messagepack"];

    private static IHubProtocol Protocol(string name) => name == "json" ? new JsonHubProtocol() : new MessagePackHubProtocol();

    [Theory]
    [MemberData(nameof(Protocols))]
    public void The_combined_bytes_parse_as_each_message_in_order(string name)
    {
        var protocol = Protocol(name);
        string[] texts = ["first", "a longer second message with ünïcödé", "", "last"];
        var messages = texts.Select(t => new SerializedHubMessage(new InvocationMessage("Say", [t]))).ToList();

        using var combined = CoalescedWrite.Combine(messages, protocol);

        var bytes = new ReadOnlySequence<byte>(combined.Message.GetSerializedMessage(protocol));
        var binder = SayBinder.Instance;
        var parsed = new List<string?>();
        while (protocol.TryParseMessage(ref bytes, binder, out var message))
        {
            var invocation = Assert.IsType<InvocationMessage>(message);
            Assert.Equal("Say", invocation.Target);
            parsed.Add((string?)invocation.Arguments[0]);
        }
        Assert.Equal(texts, parsed);
        Assert.Equal(0, bytes.Length);
    }
}
