using System.Globalization;
using BenchmarkDotNet.Running;
using Feed.Benchmarks;

// dotnet run -c Release --project server/Feed.Benchmarks -- --filter '*'
// (or e.g. --filter '*HubProtocol*'); every benchmark class carries its own short job.
// CPU per operation of the live fan-out, both managers in one process (LiveFanoutCpu):
// -- cpu <json|messagepack> <one|burst> <blocks> <operations per block>
if (args is ["cpu", var protocol, var operation, var blocks, var perBlock])
{
    await LiveFanoutCpu.RunAsync(protocol, operation, int.Parse(blocks, CultureInfo.InvariantCulture), int.Parse(perBlock, CultureInfo.InvariantCulture));
    return;
}
FeedUpdatedFrames.PrintSizes(Console.Out);
BenchmarkSwitcher.FromAssembly(typeof(FeedUpdatedFrames).Assembly).Run(args);
