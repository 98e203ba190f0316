using System.Runtime.InteropServices;
using Feed.Mongo.Bson;

namespace Feed.Mongo.Connection;

/// <summary>The handshake's "client" document (MongoDB handshake spec): who is connecting.</summary>
internal static class ClientMetadata
{
    public const string DriverName = "feed-mongo";

    public static string DriverVersion { get; } =
        typeof(ClientMetadata).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static BsonDocument Build(string? appName)
    {
        var document = new BsonDocument();
        if (appName is not null)
        {
            document.Add("application", new BsonDocument("name", appName));
        }
        document.Add("driver", new BsonDocument { { "name", DriverName }, { "version", DriverVersion } });
        document.Add("os", new BsonDocument
        {
            { "type", OperatingSystemType() },
            { "name", RuntimeInformation.OSDescription },
            { "architecture", RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant() },
        });
        document.Add("platform", RuntimeInformation.FrameworkDescription);
        return document;
    }

    private static string OperatingSystemType() =>
        OperatingSystem.IsLinux() ? "Linux" : OperatingSystem.IsWindows() ? "Windows" : OperatingSystem.IsMacOS() ? "Darwin" : "unknown";
}
