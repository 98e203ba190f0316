using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Feed.Benchmarks;

/// <summary>"Frame bytes": the size of the benchmark's frame in its protocol (prefix included).</summary>
public sealed class FrameSizeColumn : IColumn
{
    public string Id => nameof(FrameSizeColumn);

    public string ColumnName => "Frame bytes";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Size;

    public string Legend => "Size of the length-prefixed FeedUpdated frame in the benchmark's protocol";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var name = benchmarkCase.Descriptor.WorkloadMethod.Name;
        var protocol = name.EndsWith("Json", StringComparison.Ordinal) ? FeedUpdatedFrames.Json : FeedUpdatedFrames.MessagePack;
        var content = (FeedContent)benchmarkCase.Parameters[nameof(HubProtocolBenchmarks.Content)];
        return FeedUpdatedFrames.FrameSize(protocol, content).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
