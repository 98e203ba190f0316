namespace Feed.Mongo.Internal.ConnectionString;

/// <summary>
/// Parses a connection string per the MongoDB connection-string spec. Structure errors throw
/// <see cref="FormatException"/>; option problems become warnings (the spec says a driver
/// ignores an option it cannot use rather than refusing to start).
/// </summary>
internal static class ConnectionStringParser
{
    private const string Scheme = "mongodb://";
    private const string SrvScheme = "mongodb+srv://";

    public static MongoUrl Parse(string connectionString)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            throw Invalid("it is empty");
        }
        var isSrv = connectionString.StartsWith(SrvScheme, StringComparison.Ordinal);
        if (!isSrv && !connectionString.StartsWith(Scheme, StringComparison.Ordinal))
        {
            throw Invalid($"it must start with '{Scheme}'");
        }
        var rest = connectionString[(isSrv ? SrvScheme.Length : Scheme.Length)..];
        var query = SplitOff(ref rest, '?');
        var (username, password) = ParseUserInfo(ref rest);
        var path = SplitOff(ref rest, '/');
        var hosts = HostParser.ParseHosts(rest);
        if (isSrv)
        {
            RejectSrv(hosts);
        }
        var database = string.IsNullOrEmpty(path) ? null : PercentDecoder.Decode(path, "the database name");
        var warnings = new List<string>();
        var options = ParseOptions(query, warnings);
        return new MongoUrl(hosts, username, password, database, options, warnings);
    }

    /// <summary>Cuts <paramref name="text"/> at the first <paramref name="separator"/>, returning what follows.</summary>
    private static string? SplitOff(ref string text, char separator)
    {
        var index = text.IndexOf(separator, StringComparison.Ordinal);
        if (index < 0)
        {
            return null;
        }
        var after = text[(index + 1)..];
        text = text[..index];
        return after;
    }

    private static (string? User, string? Password) ParseUserInfo(ref string rest)
    {
        var at = rest.LastIndexOf('@');
        if (at < 0)
        {
            return (null, null);
        }
        var userInfo = rest[..at];
        rest = rest[(at + 1)..];
        foreach (var reserved in "@/")
        {
            if (userInfo.Contains(reserved, StringComparison.Ordinal))
            {
                throw Invalid($"the user name or password contains an unescaped '{reserved}' (percent-encode it)");
            }
        }
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        var user = colon < 0 ? userInfo : userInfo[..colon];
        var password = colon < 0 ? null : userInfo[(colon + 1)..];
        if (password is not null && password.Contains(':', StringComparison.Ordinal))
        {
            throw Invalid("the password contains an unescaped ':' (percent-encode it)");
        }
        if (user.Length == 0)
        {
            throw Invalid("the user name is empty");
        }
        return (PercentDecoder.Decode(user, "the user name"),
            password is null ? null : PercentDecoder.Decode(password, "the password"));
    }

    private static void RejectSrv(IReadOnlyList<MongoServerAddress> hosts)
    {
        if (hosts.Count != 1)
        {
            throw Invalid("mongodb+srv takes exactly one host name");
        }
        if (hosts[0].Port is not null)
        {
            throw Invalid("mongodb+srv host names cannot have a port");
        }
        throw Invalid("mongodb+srv (DNS seed list) is not supported by Feed.Mongo; list the hosts with mongodb://");
    }

    private static Dictionary<string, object> ParseOptions(string? query, List<string> warnings)
    {
        var options = new Dictionary<string, object>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(query))
        {
            return options;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&'))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                throw Invalid($"option '{pair}' has no '=value'");
            }
            var name = PercentDecoder.Decode(pair[..equals], "an option name").ToLowerInvariant();
            var value = PercentDecoder.Decode(pair[(equals + 1)..], $"option '{name}'");
            if (!seen.Add(name) && name != "readpreferencetags")
            {
                warnings.Add($"option '{name}' is repeated; the last value wins");
            }
            AddOption(options, name, value, query, warnings);
        }
        return options;
    }

    private static void AddOption(Dictionary<string, object> options, string name, string value, string query, List<string> warnings)
    {
        var replacement = UriOptions.Replacement(name);
        if (replacement is not null)
        {
            warnings.Add($"option '{name}' is deprecated; use '{replacement}'");
            if (ContainsOption(query, replacement))
            {
                return;
            }
            name = replacement;
        }
        if (!UriOptions.TryGetKind(name, out var kind))
        {
            warnings.Add($"unknown option '{name}' is ignored");
            return;
        }
        if (value.Length == 0 && kind != UriOptionKind.Text)
        {
            warnings.Add($"option '{name}' has an empty value and is ignored");
            return;
        }
        var typed = UriOptions.Convert(kind, value, options.GetValueOrDefault(name), out var problem);
        if (typed is null)
        {
            warnings.Add($"option '{name}' is ignored: {problem}");
            return;
        }
        options[name] = typed;
    }

    private static bool ContainsOption(string query, string name) =>
        query.Split('&').Any(p => p.Split('=')[0].Equals(name, StringComparison.OrdinalIgnoreCase));

    internal static FormatException Invalid(string problem) => new($"Invalid MongoDB connection string: {problem}");
}
