using System.Net;

namespace Feed.Redis.Internal;

/// <summary>Endpoints in messages as people write them (<c>host:port</c>), not DnsEndPoint's "Unspecified/host:port".</summary>
internal static class EndPointText
{
    public static string Text(this DnsEndPoint endPoint) =>
        endPoint.Host.Contains(':') ? $"[{endPoint.Host}]:{endPoint.Port}" : $"{endPoint.Host}:{endPoint.Port}";

    public static string Text(this IEnumerable<DnsEndPoint> endPoints) => string.Join(", ", endPoints.Select(Text));
}
