using System.Globalization;

namespace Feed.Server.Tests.Metrics;

/// <summary>Reads samples out of a Prometheus text exposition (just enough for assertions).</summary>
internal static class PrometheusText
{
    /// <summary>The sum of every sample of the metric, over all its label sets; 0 when absent.</summary>
    public static double Sum(string exposition, string metric)
    {
        var sum = 0.0;
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(metric, StringComparison.Ordinal)
                || line.Length <= metric.Length || line[metric.Length] is not ('{' or ' '))
            {
                continue;
            }
            // name{labels} value [timestamp]: the value follows the labels (label values may hold spaces).
            var afterLabels = line[metric.Length] == '{' ? line.IndexOf("} ", StringComparison.Ordinal) + 2 : metric.Length + 1;
            var value = line[afterLabels..].Split(' ')[0];
            sum += double.Parse(value, CultureInfo.InvariantCulture);
        }
        return sum;
    }

    /// <summary>The names of every metric family (<c># TYPE name kind</c>).</summary>
    public static IReadOnlyList<string> Families(string exposition) =>
        [.. exposition.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2])];
}
