using System.Buffers;
using Feed.Redis.Internal.Backplane;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.Redis.Tests.Backplane;

/// <summary>The backplane's wire format, byte by byte, and the channel names.</summary>
public sealed class BackplaneProtocolTests
{
    [Fact]
    public void Channel_names_carry_the_prefix_and_the_hub()
    {
        var channels = new RedisChannels("app1:", "My.Hub");

        Assert.Equal("app1:My.Hub:all", channels.All.ToString());
        Assert.Equal("app1:My.Hub:partition:{0}", channels.Partition(0).ToString());
        Assert.Equal("app1:My.Hub:partition:{63}", channels.Partition(63).ToString());
        Assert.Equal("app1:My.Hub:internal:groups", channels.GroupManagement.ToString());
        Assert.Equal("app1:My.Hub:internal:ack:s1", channels.Ack("s1").ToString());
        // Sharded (SSUBSCRIBE/SPUBLISH), so a cluster sends each message to one shard only.
        Assert.All(new[] { channels.All, channels.Partition(5), channels.GroupManagement, channels.Ack("s") },
            c => Assert.True(c.IsSharded, $"{c} is not sharded"));
    }

    [Fact]
    public void A_key_always_falls_in_the_same_partition_and_keys_spread_over_all_of_them()
    {
        // FNV-1a of "u1" is fixed: the same in every process and every run (string.GetHashCode is not).
        Assert.Equal(RedisChannels.PartitionOf("u1", 64), RedisChannels.PartitionOf(new string(['u', '1']), 64));
        Assert.Equal(0x0442a7f3u % 64, (uint)RedisChannels.PartitionOf("u1", 64));

        var counts = new int[64];
        for (var i = 0; i < 64_000; i++)
        {
            counts[RedisChannels.PartitionOf("user-" + i, 64)]++;
        }
        Assert.All(counts, count => Assert.InRange(count, 800, 1200));
        Assert.Equal(0, RedisChannels.PartitionOf("anything", 1));
    }

    [Fact]
    public void An_invocation_names_who_it_is_for()
    {
        var json = new JsonHubProtocol();
        var output = new ArrayBufferWriter<byte>();
        BackplaneProtocol.WriteInvocation(output, "s1", new SerializedHubMessage(new InvocationMessage("Say", ["hi"])), [json], null,
            TargetKind.Users, ["u1", "u2"]);

        var invocation = BackplaneProtocol.ReadInvocation(output.WrittenMemory.ToArray());

        Assert.Equal(TargetKind.Users, invocation.Kind);
        Assert.Equal(["u1", "u2"], invocation.Keys);
        Assert.Empty(invocation.ExcludedConnectionIds);
    }

    [Fact]
    public void A_group_command_is_written_as_tagged_fields()
    {
        var output = new ArrayBufferWriter<byte>();
        BackplaneProtocol.WriteGroupCommand(output, new GroupCommand(7, "s1", GroupAction.AddUser, "g", "u"));

        Assert.Equal(Expected(), Convert.ToHexString(output.WrittenSpan).ToLowerInvariant());

        static string Expected() =>
            "01" + "08000000" + "0700000000000000" + // id 7
            "02" + "02000000" + "7331" +             // origin "s1"
            "03" + "01000000" + "03" +               // action AddUser
            "04" + "01000000" + "67" +               // group "g"
            "05" + "01000000" + "75";                // target "u"
    }

    [Fact]
    public void Unknown_fields_are_skipped_so_newer_senders_stay_readable()
    {
        var output = new ArrayBufferWriter<byte>();
        BackplaneProtocol.WriteGroupCommand(output, new GroupCommand(7, "s1", GroupAction.RemoveConnection, "g", "c"));
        var withExtra = Convert.FromHexString("6303000000AABBCC").Concat(output.WrittenSpan.ToArray()).ToArray();

        var command = BackplaneProtocol.ReadGroupCommand(withExtra);

        Assert.Equal(new GroupCommand(7, "s1", GroupAction.RemoveConnection, "g", "c"), command);
    }

    [Fact]
    public void An_invocation_round_trips_with_one_serialization_per_protocol()
    {
        var json = new JsonHubProtocol();
        var output = new ArrayBufferWriter<byte>();
        var message = new SerializedHubMessage(new InvocationMessage("Say", ["hi"]));
        BackplaneProtocol.WriteInvocation(output, "s1", message, [json], ["c1", "c2"]);

        var invocation = BackplaneProtocol.ReadInvocation(output.WrittenMemory.ToArray());

        Assert.Equal("s1", invocation.Origin);
        Assert.Equal(["c1", "c2"], invocation.ExcludedConnectionIds);
        Assert.Equal(message.GetSerializedMessage(json).ToArray(), invocation.Message.GetSerializedMessage(json).ToArray());
    }

    [Theory]
    [InlineData("01", "field header needs 5 bytes")]
    [InlineData("0108000000070000", "claims 8 bytes; 3 are left")]
    [InlineData("01FFFFFFFF", "claims -1 bytes")]
    [InlineData("010400000007000000" + "02020000007331" + "030100000003" + "040100000067" + "050100000075", "field 1 must be 8 bytes, got 4")]
    [InlineData("01080000000700000000000000" + "02020000007331" + "030100000009" + "040100000067" + "050100000075", "unknown action 9")]
    [InlineData("01080000000700000000000000" + "02020000007331", "lacks one of its fields")]
    public void Malformed_group_commands_are_rejected_naming_the_problem(string hex, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => BackplaneProtocol.ReadGroupCommand(Convert.FromHexString(hex)));

        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("", "lacks its origin")]
    [InlineData("01020000007331", "lacks its origin (field 1) or any serialized message")]
    [InlineData("010200000073310305000000096A736F6E", "truncated protocol name")]
    [InlineData("01020000007331" + "040100000009", "unknown target kind 9")]
    [InlineData("01020000007331" + "040100000003" + "0304000000016a7879", "for Users names none")]
    public void Malformed_invocations_are_rejected(string hex, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => BackplaneProtocol.ReadInvocation(Convert.FromHexString(hex)));

        Assert.Contains(expected, e.Message);
    }
}
