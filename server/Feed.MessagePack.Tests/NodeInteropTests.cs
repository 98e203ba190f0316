using System.Buffers;
using System.Text.Json.Nodes;
using Feed.Testing;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Feed.MessagePack.Tests;

/// <summary>
/// Cross-checks against the reference JavaScript implementations (@msgpack/msgpack and
/// @microsoft/signalr-protocol-msgpack) through js/msgpack-interop.cjs.
/// </summary>
public sealed class NodeInteropTests
{
    private static readonly string Script = Path.Combine(RepoPaths.Root, "server", "Feed.MessagePack.Tests", "js", "msgpack-interop.cjs");

    private static IEnumerable<JsonNode?> Corpus()
    {
        yield return null;
        yield return true;
        yield return false;
        foreach (var integer in new[]
        {
            "0", "127", "128", "255", "256", "65535", "65536", "4294967295", "4294967296", "9007199254740993",
            "18446744073709551615", "-1", "-32", "-33", "-128", "-129", "-32768", "-32769", "-2147483648",
            "-2147483649", "-9223372036854775808",
        })
        {
            yield return new JsonObject { ["int"] = integer };
        }
        foreach (var number in new[] { 1.5, -0.25, 3.141592653589793, 1.0000000000000002 })
        {
            yield return new JsonObject { ["float"] = number };
        }
        foreach (var text in new[] { "", "abc", "€😀ñ", new string('a', 31), new string('b', 32), new string('c', 300), new string('d', 70_000) })
        {
            yield return new JsonObject { ["str"] = text };
        }
        foreach (var length in new[] { 0, 2, 300, 70_000 })
        {
            yield return new JsonObject { ["bin"] = Bytes.ToHex(Enumerable.Range(0, length).Select(i => (byte)i).ToArray()) };
        }
        yield return Arr();
        yield return Arr(new JsonObject { ["int"] = "1" }, new JsonObject { ["str"] = "a" }, null);
        yield return Arr([.. Enumerable.Range(0, 16).Select(_ => (JsonNode?)JsonValue.Create(true))]);
        yield return Arr([.. Enumerable.Range(0, 65_536).Select(_ => (JsonNode?)JsonValue.Create(false))]);
        yield return Map();
        yield return Map(("a", new JsonObject { ["int"] = "1" }), ("b", Arr(JsonValue.Create(true))));
        yield return Map([.. Enumerable.Range(0, 16).Select(i => ($"k{i}", (JsonNode?)new JsonObject { ["int"] = $"{i}" }))]);
        foreach (var (seconds, nanoseconds) in new[] { ("0", 0), ("4294967295", 0), ("1", 1), ("17179869184", 0), ("-1", 500) })
        {
            yield return new JsonObject { ["ts"] = new JsonObject { ["sec"] = seconds, ["nsec"] = nanoseconds } };
        }
        foreach (var (type, length) in new[] { (5, 1), (5, 3), (127, 300) })
        {
            yield return new JsonObject { ["ext"] = new JsonObject { ["type"] = type, ["data"] = new string('a', 2 * length) } };
        }
    }

    private static JsonObject Arr(params JsonNode?[] items) => new() { ["arr"] = new JsonArray(items) };

    private static JsonObject Map(params (string Key, JsonNode? Value)[] pairs) =>
        new() { ["map"] = new JsonArray([.. pairs.Select(p => (JsonNode)new JsonArray(new JsonObject { ["str"] = p.Key }, p.Value))]) };

    [Fact]
    public async Task ValuesMatchMsgpackJavaScriptInBothDirections()
    {
        var corpus = Corpus().ToList();
        var ours = corpus.Select(value => Bytes.Write((ref MessagePackWriter w) => Tagged.Write(ref w, value))).ToList();
        var input = new JsonObject
        {
            ["values"] = new JsonArray([.. corpus.Select(v => v?.DeepClone())]),
            ["decode"] = new JsonArray([.. ours.Select(h => (JsonNode)h)]),
        };

        var output = JsonNode.Parse(await NodeScript.RunAsync(Script, input.ToJsonString()))!;

        for (var i = 0; i < corpus.Count; i++)
        {
            var expected = corpus[i]?.ToJsonString() ?? "null";
            var theirs = (string)output["encoded"]![i]!;
            Assert.True(ours[i] == theirs, $"case {i} {Short(expected)}: we write {Short(ours[i])}, @msgpack/msgpack {Short(theirs)}");
            Assert.Equal(expected, output["decoded"]![i]?.ToJsonString() ?? "null");
            var read = Bytes.Read(theirs, (ref MessagePackReader r) => Tagged.Read(ref r));
            Assert.Equal(expected, read?.ToJsonString() ?? "null");
        }
    }

    [Fact]
    public async Task TheOfficialJavaScriptClientsMessagesParse()
    {
        var binder = new TestBinder();
        binder.Methods["Send"] = [typeof(Point), typeof(List<object>), typeof(string), typeof(double), typeof(bool), typeof(string)];
        binder.Methods["Publish"] = [typeof(Point)];
        binder.Methods["Go"] = [typeof(int)];
        binder.Streams["s1"] = typeof(long);
        binder.Results["1"] = typeof(Point);
        var messages = new (string Js, HubMessage Expected)[]
        {
            ("""{"type":1,"invocationId":"1","target":"Send","arguments":[{"x":1,"y":2,"label":"p"},[1,"a"],"s",1.5,true,null]}""",
                new InvocationMessage("1", "Send", [new Point(1, 2, "p"), new List<object?> { 1, "a" }, "s", 1.5, true, null])),
            ("""{"type":1,"target":"Publish","arguments":[{"y":2,"x":1,"extra":[1,{"z":null}]}]}""",
                new InvocationMessage("Publish", [new Point(1, 2, null)])),
            ("""{"type":4,"invocationId":"2","target":"Go","arguments":[5],"streamIds":["s1"]}""",
                new StreamInvocationMessage("2", "Go", [5], ["s1"])),
            ("""{"type":2,"invocationId":"s1","item":5}""", new StreamItemMessage("s1", 5L)),
            ("""{"type":3,"invocationId":"1","result":{"x":3,"y":4}}""", CompletionMessage.WithResult("1", new Point(3, 4, null))),
            ("""{"type":3,"invocationId":"1","error":"bad"}""", CompletionMessage.WithError("1", "bad")),
            ("""{"type":3,"invocationId":"1"}""", CompletionMessage.Empty("1")),
            ("""{"type":5,"invocationId":"1","headers":{"a":"b"}}""",
                new CancelInvocationMessage("1") { Headers = new Dictionary<string, string> { ["a"] = "b" } }),
            ("""{"type":6}""", PingMessage.Instance),
            ("""{"type":7}""", CloseMessage.Empty),
            ("""{"type":8,"sequenceId":5}""", new AckMessage(5)),
            ("""{"type":9,"sequenceId":4294967296}""", new SequenceMessage(4294967296)),
        };
        var input = new JsonObject { ["hubWrite"] = new JsonArray([.. messages.Select(m => JsonNode.Parse(m.Js))]) };

        var output = JsonNode.Parse(await NodeScript.RunAsync(Script, input.ToJsonString()))!;

        var protocol = HubFrames.Protocol();
        for (var i = 0; i < messages.Length; i++)
        {
            var parsed = HubFrames.ParseOne(protocol, Bytes.FromHex((string)output["hubWritten"]![i]!), binder);
            Assert.Equal(HubFrames.Describe(messages[i].Expected), HubFrames.Describe(parsed));
        }
    }

    [Fact]
    public async Task TheOfficialJavaScriptClientParsesOurMessages()
    {
        var protocol = HubFrames.Protocol();
        var messages = new (HubMessage Message, string Js)[]
        {
            (new InvocationMessage("FeedUpdated", [new List<Point> { new(1, 2, "p") }, 1L << 40, "€"]),
                """{"arguments":[[{"x":1,"y":2,"label":"p"}],1099511627776,"€"],"headers":{},"streamIds":[],"target":"FeedUpdated","type":1}"""),
            (new InvocationMessage("7", "Ask", [null]) { Headers = new Dictionary<string, string> { ["h"] = "v" } },
                """{"arguments":[null],"headers":{"h":"v"},"invocationId":"7","streamIds":[],"target":"Ask","type":1}"""),
            (new StreamItemMessage("1", new byte[] { 1, 2 }), """{"headers":{},"invocationId":"1","item":{"bin":"0102"},"type":2}"""),
            (CompletionMessage.WithResult("1", new Point(3, 4, null)),
                """{"headers":{},"invocationId":"1","result":{"x":3,"y":4,"label":null},"type":3}"""),
            (CompletionMessage.WithError("1", "bad"), """{"error":"bad","headers":{},"invocationId":"1","type":3}"""),
            (CompletionMessage.Empty("1"), """{"headers":{},"invocationId":"1","type":3}"""),
            (PingMessage.Instance, """{"type":6}"""),
            (new CloseMessage("bye", allowReconnect: true), """{"allowReconnect":true,"error":"bye","type":7}"""),
            (new AckMessage(5), """{"sequenceId":5,"type":8}"""),
            (new SequenceMessage(6), """{"sequenceId":6,"type":9}"""),
        };
        var frames = messages.Select(m => Bytes.ToHex(HubFrames.Write(protocol, m.Message))).ToList();
        var input = new JsonObject
        {
            ["hubParse"] = new JsonArray([.. frames.Select(h => (JsonNode)h), (JsonNode)string.Concat(frames)]),
        };

        var output = JsonNode.Parse(await NodeScript.RunAsync(Script, input.ToJsonString()))!;

        var parsed = output["hubParsed"]!.AsArray();
        for (var i = 0; i < messages.Length; i++)
        {
            Assert.Equal(JsonNode.Parse(messages[i].Js)!.ToJsonString(), Assert.Single(parsed[i]!.AsArray())!.ToJsonString());
        }
        Assert.Equal(messages.Length, parsed[messages.Length]!.AsArray().Count); // all frames in one buffer
    }

    private static string Short(string text) => text.Length > 80 ? text[..80] + "..." : text;
}
