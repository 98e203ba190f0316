// Publish-to-delivery latency of one post fanned out to 1,000 followers: spread over three
// server processes on the Redis backplane, against all on one process without Redis, in the
// same run. Also counts Redis SPUBLISH/PUBLISH commands per post (INFO commandstats).
//   dotnet build server/Feed.Server -c Release && dotnet run scripts/bench-backplane.cs [followers] [posts]
#:project ../server/Feed.Client/Feed.Client.csproj
#:project ../server/Feed.Testing/Feed.Testing.csproj
#:property PublishAot=false
#:property NoWarn=CA2007
using System.Collections.Concurrent;
using System.Diagnostics;
using Feed.Client;
using Feed.Testing;

var followers = args.Length > 0 ? int.Parse(args[0]) : 1000;
var posts = args.Length > 1 ? int.Parse(args[1]) : 30;
var root = Path.GetFullPath(Path.Combine(AppContext.GetData("EntryPointFileDirectoryPath") as string ?? ".", ".."));
var dll = Path.Combine(root, "server/Feed.Server/bin/Release/net10.0/Feed.Server.dll");
var jongodb = Path.Combine(root, "client-js/node_modules/@jongodb/memory-server-bin-linux-x64-gnu/bin/jongodb");

await using var redis = await RedisServer.StartAsync();
await using var mongo = TestProcess.Start(jongodb, ["--host=127.0.0.1", "--port=0"]);
var mongoUri = (await mongo.WaitForOutputAsync(l => l.StartsWith("JONGODB_URI=", StringComparison.Ordinal), TimeSpan.FromSeconds(60)))["JONGODB_URI=".Length..];
var mongoBase = mongoUri[..mongoUri.LastIndexOf('/')];
var servers = new List<TestProcess>();
try
{
    var single = await StartServer(null, "bench-single");
    var cluster = new[] { await StartServer(redis.ConnectionString, "bench-cluster"), await StartServer(redis.ConnectionString, "bench-cluster"), await StartServer(redis.ConnectionString, "bench-cluster") };
    Console.WriteLine($"{followers} followers, {posts} posts per configuration, {Environment.ProcessorCount} cores");
    var one = await Measure("1 instance, in-process manager", [single], countPublishes: false);
    var three = await Measure("3 instances, Redis backplane", cluster, countPublishes: true);
    Console.WriteLine($"ratio p50 {three.P50 / one.P50:0.00}x, p99 {three.P99 / one.P99:0.00}x");
}
finally
{
    foreach (var server in servers)
    {
        await server.DisposeAsync();
    }
}

async Task<Uri> StartServer(string? redisConnection, string database)
{
    var port = FreePort.Next();
    var env = new Dictionary<string, string?>
    {
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["ConnectionStrings__Mongo"] = $"{mongoBase}/{database}",
        ["Feed__Demo__Seed"] = "false",
        ["Feed__Demo__ActivityInterval"] = "00:00:00",
        ["Feed__Limits__PublishBurst"] = "100000",
        ["Feed__Limits__PublishPerSecond"] = "100000",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
    };
    if (redisConnection is not null)
    {
        env["ConnectionStrings__Redis"] = redisConnection;
    }
    var process = TestProcess.Start("dotnet", [dll], env);
    servers.Add(process);
    await process.WaitForOutputAsync(l => l.Contains("Application started", StringComparison.Ordinal), TimeSpan.FromSeconds(90));
    return new Uri($"http://127.0.0.1:{port}/");
}

async Task<(double P50, double P99)> Measure(string name, Uri[] instances, bool countPublishes)
{
    var run = Guid.NewGuid().ToString("N")[..6];
    var author = await Connect(instances[0], $"author-{run}");
    var received = new ConcurrentDictionary<string, ConcurrentBag<long>>();
    var clients = new List<FeedClient>();
    for (var i = 0; i < followers; i++)
    {
        var client = await Connect(instances[i % instances.Length], $"f{i}-{run}");
        client.OnFeedUpdated(items =>
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var item in items)
            {
                received.GetOrAdd(item.Id, _ => []).Add(now);
            }
        });
        await client.FollowAsync($"author-{run}");
        clients.Add(client);
    }
    // Warm-up post, not measured.
    await PostAndWait(author, received, "warm-up");
    var publishesBefore = countPublishes ? await PublishCalls() : 0;
    var latencies = new List<double>();
    for (var p = 0; p < posts; p++)
    {
        latencies.AddRange(await PostAndWait(author, received, $"post {p}"));
    }
    var publishes = countPublishes ? await PublishCalls() - publishesBefore : 0;
    latencies.Sort();
    var p50 = latencies[(int)(latencies.Count * 0.50)];
    var p99 = latencies[(int)(latencies.Count * 0.99)];
    Console.WriteLine($"{name}: {latencies.Count} deliveries, p50 {p50:0.0} ms, p99 {p99:0.0} ms, max {latencies[^1]:0.0} ms" +
        (countPublishes ? $"; Redis PUBLISH per post: {(double)publishes / posts:0.00}" : ""));
    foreach (var client in clients.Append(author))
    {
        await client.DisposeAsync();
    }
    return (p50, p99);
}

async Task<List<double>> PostAndWait(FeedClient author, ConcurrentDictionary<string, ConcurrentBag<long>> received, string text)
{
    var started = Stopwatch.GetTimestamp();
    var item = await author.PublishAsync(text);
    var deadline = DateTime.UtcNow.AddSeconds(60);
    while (!received.TryGetValue(item.Id, out var times) || times.Count < followers)
    {
        if (DateTime.UtcNow > deadline)
        {
            throw new TimeoutException($"{text}: only {(received.TryGetValue(item.Id, out var t) ? t.Count : 0)} of {followers} deliveries");
        }
        await Task.Delay(1);
    }
    return [.. received[item.Id].Select(t => Stopwatch.GetElapsedTime(started, t).TotalMilliseconds)];
}

async Task<FeedClient> Connect(Uri server, string userId)
{
    using var http = new HttpClient { BaseAddress = server };
    return await FeedClient.ConnectAsync(server, await FeedClient.GetDevTokenAsync(http, userId));
}

// The backplane's channels are sharded: its messages are SPUBLISH calls (PUBLISH counted too, for older builds).
async Task<long> PublishCalls() =>
    await RedisCommandStats.CallsAsync("spublish", redis.EndPoint) + await RedisCommandStats.CallsAsync("publish", redis.EndPoint);
