using System.Text.Json;
using Feed.Mongo.Bson;
using Feed.Testing;

namespace Feed.Mongo.Tests.Integration;

/// <summary>
/// Documents written by this client are read by the official Node driver with the same names
/// and BSON types, and the other way round (js/crosscheck.js).
/// </summary>
public sealed class NodeDriverCrossCheckTests(JongoFixture fixture) : IClassFixture<JongoFixture>
{
    private const string Database = "crosscheck";

    [Fact]
    public async Task Node_driver_reads_what_we_wrote()
    {
        var collection = JongoFixture.UniqueName("ours");
        await using var client = fixture.CreateClient(Database);
        await client.GetDatabase(Database).GetCollection(collection).InsertOneAsync(new BsonDocument
        {
            { "_id", ObjectId.Parse("65f0a1b2c3d4e5f601234567") },
            { "s", "from C# ✓" },
            { "i32", 42 },
            { "i64", 9_007_199_254_740_993L },
            { "d", 2.5 },
            { "b", true },
            { "dt", new BsonDateTime(1_700_000_000_123) },
            { "oid", ObjectId.Parse("0123456789abcdef01234567") },
            { "nested", new BsonDocument { { "inner", "yes" }, { "arr", new BsonArray { 1, "two" } } } },
            { "arr", new BsonArray { 1, "two", BsonNull.Value } },
            { "n", BsonNull.Value },
            { "bin", new BsonBinary([1, 2, 3]) },
        });

        var output = await RunNodeAsync("read", collection);
        using var json = JsonDocument.Parse(output);
        var doc = Assert.Single(json.RootElement.EnumerateArray().ToList());
        Assert.Equal(["_id", "s", "i32", "i64", "d", "b", "dt", "oid", "nested", "arr", "n", "bin"],
            doc.EnumerateObject().Select(p => p.Name));
        AssertField(doc, "_id", "ObjectId", "\"65f0a1b2c3d4e5f601234567\"");
        AssertField(doc, "s", "string", "\"from C# \\u2713\"");
        AssertField(doc, "i32", "Int32", "42");
        AssertField(doc, "i64", "Long", "\"9007199254740993\"");
        AssertField(doc, "d", "Double", "2.5");
        AssertField(doc, "b", "boolean", "true");
        AssertField(doc, "dt", "date", "1700000000123");
        AssertField(doc, "oid", "ObjectId", "\"0123456789abcdef01234567\"");
        AssertField(doc, "nested", "object", "{\"inner\":[\"string\",\"yes\"],\"arr\":[\"array\",[[\"Int32\",1],[\"string\",\"two\"]]]}");
        AssertField(doc, "arr", "array", "[[\"Int32\",1],[\"string\",\"two\"],[\"null\",null]]");
        AssertField(doc, "n", "null", "null");
        AssertField(doc, "bin", "Binary", "[0,\"010203\"]");
    }

    [Fact]
    public async Task We_read_what_the_node_driver_wrote()
    {
        var collection = JongoFixture.UniqueName("node");
        Assert.Contains("WROTE", await RunNodeAsync("write", collection));

        await using var client = fixture.CreateClient(Database);
        var doc = await client.GetDatabase(Database).GetCollection(collection).FindOneAsync(new BsonDocument());
        Assert.NotNull(doc);
        // The Node driver appends the generated _id; the other fields keep their order.
        Assert.Equal(["s", "i32", "i64", "d", "b", "dt", "oid", "nested", "arr", "n", "bin"], doc.Names.Where(n => n != "_id"));
        Assert.IsType<BsonObjectId>(doc["_id"]);
        Assert.Equal("from node ✓", doc["s"].AsString);
        Assert.Equal(42, doc["i32"].AsInt32);
        Assert.Equal(9_007_199_254_740_993L, doc["i64"].AsInt64);
        Assert.Equal(2.5, doc["d"].AsDouble);
        Assert.False(doc["b"].AsBoolean);
        Assert.Equal(1_700_000_000_123, ((BsonDateTime)doc["dt"]).MillisecondsSinceEpoch);
        Assert.Equal(ObjectId.Parse("65f0a1b2c3d4e5f601234567"), doc["oid"].AsObjectId);
        Assert.Equal(new BsonDocument { { "inner", "yes" }, { "arr", new BsonArray { 1, "two" } } }, doc["nested"]);
        Assert.Equal(new BsonArray { 1, "two", BsonNull.Value }, doc["arr"]);
        Assert.True(doc["n"].IsNull);
        Assert.Equal(new BsonBinary([1, 2, 3]), doc["bin"]);
    }

    private static void AssertField(JsonElement doc, string name, string type, string valueJson)
    {
        var field = doc.GetProperty(name);
        Assert.Equal(type, field[0].GetString());
        Assert.Equal(valueJson, JsonSerializer.Serialize(field[1]));
    }

    private async Task<string> RunNodeAsync(string mode, string collection)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "js", "crosscheck.js");
        await using var node = TestProcess.Start("node", [script, mode, fixture.Server.ConnectionString(Database), Database, collection],
            new Dictionary<string, string?> { ["NODE_MODULES"] = RepoPaths.NodeModules });
        await node.Exited.WaitAsync(TimeSpan.FromSeconds(60));
        // Output events can still be in flight when Exited fires: wait for the result line.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var result = node.Output.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.StartsWith('[') || l == "WROTE");
            if (result is not null)
            {
                return result;
            }
            Assert.False(deadline.IsCancellationRequested, $"node printed no result:\n{node.Output}");
            await Task.Delay(20);
        }
    }
}
