using System.Globalization;
using System.Text.Json;
using Feed.Core;
using Feed.Mongo.Bson;
using Feed.Server.Storage;
using Feed.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Feed.Mongo.Benchmarks;

/// <summary>
/// A reader following <see cref="BenchmarkOptions.Authors"/> authors reads the newest feed page
/// (the feed query of MongoFeedStore: one find, authorId $in, limit 21) again and again: first
/// through MongoFeedStore, then through the Node driver, against one jongodb in one run.
/// </summary>
internal sealed class FeedReadBenchmark : IAsyncDisposable
{
    private const string Database = "bench";
    private const int AllocationCalls = 500;
    private readonly BenchmarkOptions _options;
    private readonly JongoDbServer _mongo;
    private readonly MongoClient _client;
    private readonly MongoFeedStore _store;
    private readonly string[] _authors;

    private FeedReadBenchmark(BenchmarkOptions options, JongoDbServer mongo)
    {
        _options = options;
        _mongo = mongo;
        _client = new MongoClient(mongo.ConnectionString(Database, $"maxPoolSize={options.Concurrency}"));
        _store = new MongoFeedStore(_client.GetDatabase(Database), TimeProvider.System, NullLogger<MongoFeedStore>.Instance);
        _authors = ["reader", .. Enumerable.Range(0, options.Authors).Select(i => $"author{i}")];
    }

    public static async Task<FeedReadBenchmark> StartAsync(BenchmarkOptions options)
    {
        var benchmark = new FeedReadBenchmark(options, await JongoDbServer.StartAsync());
        await benchmark.SeedAsync();
        return benchmark;
    }

    public async Task RunAsync(TextWriter output)
    {
        var duration = TimeSpan.FromSeconds(_options.Seconds);
        await LoadResult.MeasureAsync(ReadFeedAsync, _options.Concurrency, TimeSpan.FromSeconds(2)); // warm-up
        // Alternate the sides so a change in load on the (shared) machine hits both.
        var rows = new List<string>();
        for (var round = 1; round <= _options.Rounds; round++)
        {
            var ours = await LoadResult.MeasureAsync(ReadFeedAsync, _options.Concurrency, duration);
            var node = await RunNodeAsync();
            rows.Add(Row($"{round}: MongoFeedStore (Feed.Mongo)", ours));
            rows.Add(Row($"{round}: Node driver {NodeDriverVersion()}", node));
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {round}: ratio ours / Node | {ours.OperationsPerSecond / node.OperationsPerSecond:0.00} | {ours.P50Ms / node.P50Ms:0.00} | {ours.P99Ms / node.P99Ms:0.00} |"));
        }

        var storeBytes = await Allocations.PerCallAsync(ReadFeedAsync, AllocationCalls);
        var filter = new BsonDocument("authorId", new BsonDocument("$in", new BsonArray(_authors.Select(a => new BsonString(a)))));
        var sort = new BsonDocument { { "createdAt", -1 }, { "_id", -1 } };
        var findOptions = new FindOptions { Sort = sort, Limit = BenchmarkOptions.Take, BatchSize = BenchmarkOptions.Take };
        var posts = _client.GetDatabase(Database).GetCollection("posts");
        var findBytes = await Allocations.PerCallAsync(async () =>
        {
            await using var cursor = await posts.FindAsync(filter, findOptions);
            await cursor.ToListAsync();
        }, AllocationCalls);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $$"""
            Feed read: {{_authors.Length}} authors ($in), {{_options.Authors * _options.PostsPerAuthor}} posts, limit {{BenchmarkOptions.Take}}, {{_options.Concurrency}} concurrent callers, {{_options.Seconds}} s per side per round, jongodb on {{_mongo.ConnectionString(Database)}}

            | round: client | ops/s | p50 ms | p99 ms |
            | --- | ---: | ---: | ---: |
            {{string.Join(Environment.NewLine, rows)}}

            Allocated per call (sequential, {{AllocationCalls}} calls after 50 warm-up, all threads):
            - MongoFeedStore.GetPostsAsync (filter build + find + 21 Posts): {{storeBytes:0}} B
            - MongoCollection.FindAsync + ToListAsync (prebuilt filter, 21 BsonDocuments): {{findBytes:0}} B
            """));
    }

    private static string Row(string name, LoadResult result) => string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {result.OperationsPerSecond:0} | {result.P50Ms:0.00} | {result.P99Ms:0.00} |");

    private async Task ReadFeedAsync()
    {
        var page = await _store.GetPostsAsync(_authors, PostRange.Newest, BenchmarkOptions.Take, CancellationToken.None);
        if (page.Count != BenchmarkOptions.Take)
        {
            throw new InvalidOperationException($"expected {BenchmarkOptions.Take} posts, got {page.Count}");
        }
    }

    private async Task<LoadResult> RunNodeAsync()
    {
        var input = JsonSerializer.Serialize(new
        {
            uri = _mongo.ConnectionString(Database),
            db = Database,
            authors = _authors,
            limit = BenchmarkOptions.Take,
            concurrency = _options.Concurrency,
            seconds = _options.Seconds,
            warmupSeconds = 2,
        });
        var script = Path.Combine(AppContext.BaseDirectory, "js", "getfeed.js");
        var output = await NodeScript.RunAsync(script, input, TimeSpan.FromSeconds(_options.Seconds + 60));
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        return new LoadResult(root.GetProperty("operations").GetInt64(), root.GetProperty("seconds").GetDouble(),
            root.GetProperty("p50Ms").GetDouble(), root.GetProperty("p99Ms").GetDouble());
    }

    private static string NodeDriverVersion()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.NodeModules, "mongodb", "package.json")));
        return json.RootElement.GetProperty("version").GetString() ?? "?";
    }

    /// <summary>Posts a millisecond apart per author, interleaved, so every page mixes authors.</summary>
    private async Task SeedAsync()
    {
        await _store.EnsureIndexesAsync(CancellationToken.None);
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        for (var n = 0; n < _options.PostsPerAuthor; n++)
        {
            await Task.WhenAll(_authors.Skip(1).Select((author, a) =>
            {
                var createdAt = start.AddMilliseconds(n * _authors.Length + a);
                return _store.AddPostAsync(new Post(PostId.New(createdAt), author, $"post {n} by {author}", createdAt.ToUnixTimeMilliseconds()), CancellationToken.None);
            }));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await _mongo.DisposeAsync();
    }
}
