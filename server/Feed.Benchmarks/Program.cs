using BenchmarkDotNet.Running;
using Feed.Benchmarks;

// dotnet run -c Release --project server/Feed.Benchmarks -- --filter '*'
// (or e.g. --filter '*HubProtocol*'); every benchmark class carries its own short job.
FeedUpdatedFrames.PrintSizes(Console.Out);
BenchmarkSwitcher.FromAssembly(typeof(FeedUpdatedFrames).Assembly).Run(args);
