// GetFeed's store read through IFeedStore, on the MongoDB store the server configures from
// ConnectionStrings:Mongo, against jongodb: the feed query (one find on posts, authorId $in the
// reader and its followees, newest first, limit 21 = a page of 20 plus one to learn whether
// there is a next page) from N concurrent callers for S seconds after a W s warm-up; then bytes
// allocated per call over sequential calls (GC.GetTotalAllocatedBytes, all threads: store,
// driver and socket reads). Also printed: CPU per call of this process and of jongodb (which
// side pays), and how many methods were still JIT-compiled while measuring (the driver has far
// more code than a lean client: after 5 s of this load on 2 cores it was still compiling ~1,400
// methods in the measured 10 s, after 20 s a few dozen, as many as the old build, so W is 20).
// Only public API of Feed.Server/Feed.Core is used, so the same file runs against an older
// build (scripts/bench/store-ab.sh copies it into a worktree).
//   dotnet run -c Release scripts/bench/store-getfeed.cs -- [--seconds 10] [--warmup 20] [--concurrency 16]
//       [--authors 50] [--posts 2000] [--uri-options "?maxPoolSize=8"] [--label new]
#:project ../../server/Feed.Server/Feed.Server.csproj
#:project ../../server/Feed.Testing/Feed.Testing.csproj
#:property PublishAot=false
#:property NoWarn=CA2007
using System.Diagnostics;
using Feed.Core;
using Feed.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var seconds = Arg("--seconds", 10);
var concurrency = Arg("--concurrency", 16);
var authorCount = Arg("--authors", 50);
var postCount = Arg("--posts", 2000);
var warmup = Arg("--warmup", 20);
var label = ArgText("--label", "build");
var root = Path.GetFullPath(Path.Combine(AppContext.GetData("EntryPointFileDirectoryPath") as string ?? ".", "..", ".."));
var jongodb = Path.Combine(root, "client-js/node_modules/@jongodb/memory-server-bin-linux-x64-gnu/bin/jongodb");

await using var mongo = TestProcess.Start(jongodb, ["--host=127.0.0.1", "--port=0"]);
var uri = (await mongo.WaitForOutputAsync(l => l.StartsWith("JONGODB_URI=", StringComparison.Ordinal), TimeSpan.FromSeconds(60)))["JONGODB_URI=".Length..].Trim();
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["ConnectionStrings:Mongo"] = uri[..uri.LastIndexOf('/')] + "/bench" + ArgText("--uri-options", ""),
    ["Feed:Demo:Seed"] = "false",
    ["Feed:Demo:ActivityInterval"] = "00:00:00",
});
builder.Logging.ClearProviders();
builder.Services.AddFeed(builder.Configuration, builder.Environment);
using var host = builder.Build();
await host.StartAsync();
var store = host.Services.GetRequiredService<IFeedStore>();
var none = CancellationToken.None;

// The reader follows every author; posts are spread over the authors, a few per millisecond.
var authors = Enumerable.Range(0, authorCount).Select(i => $"author-{i}").ToList();
foreach (var author in authors)
{
    await store.FollowAsync("reader", author, none);
}
var start = DateTimeOffset.UtcNow.AddHours(-1);
for (var i = 0; i < postCount; i++)
{
    var createdAt = start.AddMilliseconds(i / 3);
    await store.AddPostAsync(new Post(PostId.New(createdAt), authors[i % authors.Count], $"post {i}", createdAt.ToUnixTimeMilliseconds()), none);
}
IReadOnlyCollection<string> readerFeed = [.. await store.GetFolloweesAsync("reader", none), "reader"];
Task<IReadOnlyList<Post>> ReadPage() => store.GetPostsAsync(readerFeed, PostRange.Newest, 21, none);

await RunFor(TimeSpan.FromSeconds(warmup)); // warm-up: tiered JIT and pools reach steady state
// CPU per call on each side of the socket: which process pays for a slower call.
var server = Process.GetProcessById(mongo.Id);
var (clientCpu0, serverCpu0) = (Process.GetCurrentProcess().TotalProcessorTime, server.TotalProcessorTime);
var jitted0 = System.Runtime.JitInfo.GetCompiledMethodCount();
var latencies = await RunFor(TimeSpan.FromSeconds(seconds));
var jitted = System.Runtime.JitInfo.GetCompiledMethodCount() - jitted0; // > 0: the warm-up was too short for steady state
server.Refresh();
var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - clientCpu0).TotalMicroseconds / latencies.Count;
var serverCpu = (server.TotalProcessorTime - serverCpu0).TotalMicroseconds / latencies.Count;
latencies.Sort();
for (var i = 0; i < 50; i++)
{
    await ReadPage();
}
const int sequentialCalls = 500;
var before = GC.GetTotalAllocatedBytes(precise: true);
for (var i = 0; i < sequentialCalls; i++)
{
    await ReadPage();
}
var allocated = (GC.GetTotalAllocatedBytes(precise: true) - before) / sequentialCalls;
Console.WriteLine($"{label}: {latencies.Count / (double)seconds:0} ops/s, p50 {Percentile(0.50):0.00} ms, p99 {Percentile(0.99):0.00} ms, {allocated:N0} B/call, CPU per call {clientCpu:0} us client + {serverCpu:0} us jongodb, {jitted} methods JIT-compiled while measuring " +
    $"({concurrency} callers, {seconds} s, {authorCount + 1} authors, {postCount} posts, {Environment.ProcessorCount} cores)");
await host.StopAsync();

async Task<List<double>> RunFor(TimeSpan duration)
{
    var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    var perCaller = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
    {
        var mine = new List<double>();
        while (Stopwatch.GetTimestamp() < until)
        {
            var t0 = Stopwatch.GetTimestamp();
            var page = await ReadPage();
            if (page.Count != Math.Min(21, postCount))
            {
                throw new InvalidOperationException($"a page held {page.Count} posts");
            }
            mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
        return mine;
    })));
    return [.. perCaller.SelectMany(l => l)];
}

double Percentile(double p) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)(p * latencies.Count))];

int Arg(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 ? int.Parse(args[i + 1]) : fallback;

string ArgText(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 ? args[i + 1] : fallback;
