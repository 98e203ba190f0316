using Feed.Mongo.Benchmarks;

// dotnet run -c Release --project server/Feed.Mongo.Benchmarks -- [--seconds 10] [--concurrency 16]
var options = BenchmarkOptions.Parse(args);
await using var run = await FeedReadBenchmark.StartAsync(options);
await run.RunAsync(Console.Out);
