using System.Globalization;

namespace Feed.Mongo.Internal.ConnectionString;

/// <summary>
/// The URI options of the connection-string spec and their value types. Options parsed here
/// but not acted on by this client (TLS, compressors, read preference, ...) are kept so that
/// callers can see them; <see cref="MongoClient"/> rejects the ones it cannot honour safely.
/// </summary>
internal static class UriOptions
{
    private static readonly Dictionary<string, UriOptionKind> Known = new(StringComparer.Ordinal)
    {
        ["appname"] = UriOptionKind.Text,
        ["authmechanism"] = UriOptionKind.Text,
        ["authmechanismproperties"] = UriOptionKind.Properties,
        ["authsource"] = UriOptionKind.Text,
        ["compressors"] = UriOptionKind.List,
        ["connecttimeoutms"] = UriOptionKind.Integer,
        ["directconnection"] = UriOptionKind.Boolean,
        ["heartbeatfrequencyms"] = UriOptionKind.Integer,
        ["journal"] = UriOptionKind.Boolean,
        ["loadbalanced"] = UriOptionKind.Boolean,
        ["localthresholdms"] = UriOptionKind.Integer,
        ["maxconnecting"] = UriOptionKind.Integer,
        ["maxidletimems"] = UriOptionKind.Integer,
        ["maxpoolsize"] = UriOptionKind.Integer,
        ["maxstalenessseconds"] = UriOptionKind.Integer,
        ["minpoolsize"] = UriOptionKind.Integer,
        ["readconcernlevel"] = UriOptionKind.Text,
        ["readpreference"] = UriOptionKind.Text,
        ["readpreferencetags"] = UriOptionKind.Tags,
        ["replicaset"] = UriOptionKind.Text,
        ["retryreads"] = UriOptionKind.Boolean,
        ["retrywrites"] = UriOptionKind.Boolean,
        ["serverselectiontimeoutms"] = UriOptionKind.Integer,
        ["serverselectiontryonce"] = UriOptionKind.Boolean,
        ["sockettimeoutms"] = UriOptionKind.Integer,
        ["srvmaxhosts"] = UriOptionKind.Integer,
        ["srvservicename"] = UriOptionKind.Text,
        ["ssl"] = UriOptionKind.Boolean,
        ["timeoutms"] = UriOptionKind.Integer,
        ["tls"] = UriOptionKind.Boolean,
        ["tlsallowinvalidcertificates"] = UriOptionKind.Boolean,
        ["tlsallowinvalidhostnames"] = UriOptionKind.Boolean,
        ["tlscafile"] = UriOptionKind.Text,
        ["tlscertificatekeyfile"] = UriOptionKind.Text,
        ["tlscertificatekeyfilepassword"] = UriOptionKind.Text,
        ["tlsdisablecertificaterevocationcheck"] = UriOptionKind.Boolean,
        ["tlsdisableocspendpointcheck"] = UriOptionKind.Boolean,
        ["tlsinsecure"] = UriOptionKind.Boolean,
        ["uuidrepresentation"] = UriOptionKind.Text,
        ["w"] = UriOptionKind.WriteConcern,
        ["waitqueuetimeoutms"] = UriOptionKind.Integer,
        ["wtimeoutms"] = UriOptionKind.Integer,
        ["zlibcompressionlevel"] = UriOptionKind.Integer,
    };

    /// <summary>Deprecated names and the option that replaces them.</summary>
    private static readonly Dictionary<string, string> Deprecated = new(StringComparer.Ordinal)
    {
        ["wtimeout"] = "wtimeoutms",
        ["j"] = "journal",
    };

    public static bool TryGetKind(string name, out UriOptionKind kind) => Known.TryGetValue(name, out kind);

    public static string? Replacement(string name) => Deprecated.GetValueOrDefault(name);

    /// <summary>The typed value, or null with a reason when the value is not acceptable.</summary>
    public static object? Convert(UriOptionKind kind, string value, object? previous, out string? problem)
    {
        problem = null;
        switch (kind)
        {
            case UriOptionKind.Integer:
                return int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                    ? number : Fail($"'{value}' is not an integer", out problem);
            case UriOptionKind.Boolean:
                return value switch { "true" => true, "false" => false, _ => Fail($"'{value}' is not true or false", out problem) };
            case UriOptionKind.Text:
                return value;
            case UriOptionKind.List:
                return value.Split(',').ToList();
            case UriOptionKind.WriteConcern:
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var w) ? w : value;
            case UriOptionKind.Tags:
                var tags = previous as List<IReadOnlyDictionary<string, string>> ?? new();
                var set = ParseProperties(value, out problem);
                return set is null ? null : tags.Append(set).ToList();
            default:
                return ParseProperties(value, out problem);
        }
    }

    private static IReadOnlyDictionary<string, string>? ParseProperties(string value, out string? problem)
    {
        problem = null;
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (value.Length == 0)
        {
            return properties;
        }
        foreach (var pair in value.Split(','))
        {
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                problem = $"'{pair}' is not a key:value pair";
                return null;
            }
            properties[pair[..colon]] = pair[(colon + 1)..];
        }
        return properties;
    }

    private static object? Fail(string why, out string? problem)
    {
        problem = why;
        return null;
    }
}
