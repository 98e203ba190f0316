using System.Globalization;
using System.Net;
using System.Text;

namespace Feed.Redis.Internal;

/// <summary>
/// The StackExchange.Redis connection string form: comma-separated parts, each either an
/// endpoint (<c>host</c>, <c>host:port</c>, <c>[ipv6]:port</c>) or <c>key=value</c>.
/// Keys are case-insensitive; a value runs to the next comma (so it cannot hold one).
/// </summary>
internal static class ConnectionStringParser
{
    private delegate void Setter(RedisConnectionOptions options, string key, string value);

    private static readonly Dictionary<string, Setter> Setters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["password"] = (o, _, v) => o.Password = EmptyAsNull(v),
        ["user"] = (o, _, v) => o.User = EmptyAsNull(v),
        ["defaultDatabase"] = (o, k, v) => o.DefaultDatabase = ParseInt(k, v, 0, int.MaxValue),
        ["connectTimeout"] = (o, k, v) => o.ConnectTimeout = TimeSpan.FromMilliseconds(ParseInt(k, v, 1, int.MaxValue)),
        ["syncTimeout"] = (o, k, v) => o.SyncTimeout = TimeSpan.FromMilliseconds(ParseInt(k, v, 1, int.MaxValue)),
        ["keepAlive"] = (o, k, v) => o.KeepAlive = TimeSpan.FromSeconds(ParseInt(k, v, 1, int.MaxValue)),
        ["abortConnect"] = (o, k, v) => o.AbortOnConnectFail = ParseBool(k, v),
        ["ssl"] = (o, k, v) => o.Ssl = ParseBool(k, v),
        ["name"] = (o, _, v) => o.ClientName = EmptyAsNull(v),
        ["channelPrefix"] = (o, _, v) => o.ChannelPrefix = EmptyAsNull(v),
    };

    public static RedisConnectionOptions Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var options = new RedisConnectionOptions();
        foreach (var rawPart in connectionString.Split(','))
        {
            var part = rawPart.Trim();
            if (part.Length == 0)
            {
                continue;
            }
            var equals = part.IndexOf('=');
            if (equals < 0)
            {
                options.EndPoints.Add(ParseEndPoint(part));
            }
            else
            {
                SetOption(options, part[..equals].Trim(), part[(equals + 1)..].Trim());
            }
        }
        if (options.EndPoints.Count == 0)
        {
            throw new FormatException("Redis connection string names no endpoint (expected host:port).");
        }
        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new FormatException(ex.Message, ex);
        }
        return options;
    }

    public static DnsEndPoint ParseEndPoint(string text)
    {
        string host;
        var port = RedisConnectionOptions.DefaultPort;
        string? portText = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0 || (close + 1 < text.Length && text[close + 1] != ':'))
            {
                throw new FormatException($"Redis endpoint '{text}' is not [ipv6] or [ipv6]:port.");
            }
            host = text[1..close];
            portText = close + 1 < text.Length ? text[(close + 2)..] : null;
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon >= 0 && text.IndexOf(':') != colon)
            {
                throw new FormatException($"Redis endpoint '{text}': write IPv6 addresses as [address]:port.");
            }
            host = colon < 0 ? text : text[..colon];
            portText = colon < 0 ? null : text[(colon + 1)..];
        }
        if (host.Length == 0 || host.Any(char.IsWhiteSpace))
        {
            throw new FormatException($"Redis endpoint '{text}' has no valid host.");
        }
        if (portText is not null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new FormatException($"Redis endpoint '{text}' has an invalid port '{portText}' (expected 1-65535).");
        }
        return new DnsEndPoint(host, port);
    }

    public static string Format(RedisConnectionOptions options, bool maskPassword)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', options.EndPoints.Select(e => e.Text()));
        Append(text, "user", options.User);
        Append(text, "password", options.Password is null ? null : maskPassword ? "*****" : options.Password);
        Append(text, "defaultDatabase", options.DefaultDatabase == 0 ? null : options.DefaultDatabase.ToString(CultureInfo.InvariantCulture));
        Append(text, "connectTimeout", ((long)options.ConnectTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        Append(text, "syncTimeout", ((long)options.SyncTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        Append(text, "abortConnect", options.AbortOnConnectFail ? "true" : "false");
        Append(text, "ssl", options.Ssl ? "true" : null);
        Append(text, "name", options.ClientName);
        Append(text, "channelPrefix", options.ChannelPrefix);
        return text.ToString();
    }

    private static void Append(StringBuilder text, string key, string? value)
    {
        if (value is not null)
        {
            text.Append(',').Append(key).Append('=').Append(value);
        }
    }

    private static void SetOption(RedisConnectionOptions options, string key, string value)
    {
        if (!Setters.TryGetValue(key, out var setter))
        {
            throw new FormatException(
                $"Unknown Redis connection string option '{key}' (known: {string.Join(", ", Setters.Keys)}).");
        }
        setter(options, key, value);
    }

    private static string? EmptyAsNull(string value) => value.Length == 0 ? null : value;

    private static int ParseInt(string key, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            throw new FormatException($"Redis connection string option '{key}' has invalid value '{value}' (expected an integer from {min}).");
        }
        return number;
    }

    private static bool ParseBool(string key, string value) =>
        bool.TryParse(value, out var flag)
            ? flag
            : throw new FormatException($"Redis connection string option '{key}' has invalid value '{value}' (expected true or false).");
}
