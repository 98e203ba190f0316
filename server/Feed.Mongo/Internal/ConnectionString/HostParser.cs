using System.Globalization;
using System.Text.RegularExpressions;

namespace Feed.Mongo.Internal.ConnectionString;

/// <summary>Host list parsing: hostnames, IPv4, [IPv6] literals, percent-encoded Unix socket paths.</summary>
internal static partial class HostParser
{
    public static IReadOnlyList<MongoServerAddress> ParseHosts(string hostList)
    {
        if (hostList.Length == 0)
        {
            throw ConnectionStringParser.Invalid("no host is given");
        }
        return hostList.Split(',').Select(ParseHost).ToList();
    }

    private static MongoServerAddress ParseHost(string raw)
    {
        if (raw.Length == 0)
        {
            throw ConnectionStringParser.Invalid("a host in the list is empty");
        }
        if (raw[0] == '[')
        {
            var close = raw.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || (close + 1 < raw.Length && raw[close + 1] != ':'))
            {
                throw ConnectionStringParser.Invalid($"IP literal host '{raw}' is malformed");
            }
            var port = close + 1 < raw.Length ? ParsePort(raw[(close + 2)..], raw) : (int?)null;
            return new MongoServerAddress(raw[1..close], port, MongoHostKind.IPLiteral);
        }
        var decoded = PercentDecoder.Decode(raw, $"host '{raw}'");
        if (decoded.EndsWith(".sock", StringComparison.OrdinalIgnoreCase) && decoded.Contains('/', StringComparison.Ordinal))
        {
            return new MongoServerAddress(decoded, null, MongoHostKind.UnixSocket);
        }
        var colons = decoded.Count(c => c == ':');
        if (colons > 1)
        {
            throw ConnectionStringParser.Invalid($"host '{raw}' has more than one ':' (an IPv6 address must be in [brackets])");
        }
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        var host = colon < 0 ? decoded : decoded[..colon];
        if (host.Length == 0)
        {
            throw ConnectionStringParser.Invalid($"host '{raw}' has no name");
        }
        var portValue = colon < 0 ? (int?)null : ParsePort(decoded[(colon + 1)..], raw);
        return new MongoServerAddress(host, portValue, IsIPv4(host) ? MongoHostKind.IPv4 : MongoHostKind.Hostname);
    }

    private static int ParsePort(string text, string host)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw ConnectionStringParser.Invalid($"host '{host}' has port '{text}', which is not 1..65535");
        }
        return port;
    }

    private static bool IsIPv4(string host) =>
        DottedQuad().IsMatch(host) && host.Split('.').All(part => int.Parse(part, CultureInfo.InvariantCulture) <= 255);

    [GeneratedRegex(@"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$")]
    private static partial Regex DottedQuad();
}
