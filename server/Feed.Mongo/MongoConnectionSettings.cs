using MongoDB.Driver;
using MongoDB.Driver.Core.Configuration;

namespace Feed.Mongo;

/// <summary>
/// Turns <c>ConnectionStrings:Mongo</c> into the driver's settings. Any URI the driver accepts
/// works (replica sets, <c>mongodb+srv://</c>, TLS, credentials, <c>authSource</c>); Feed adds
/// only defaults the URI does not set and its own event and logging hooks.
/// </summary>
internal static class MongoConnectionSettings
{
    public const string Key = "ConnectionStrings:Mongo";
    public const string DefaultDatabase = "feed";

    /// <summary>How long a call waits for an unreachable MongoDB before failing, unless the URI
    /// sets serverSelectionTimeoutMS (the driver's 30 s would hold a hub call far longer than a
    /// user waits).</summary>
    public static readonly TimeSpan DefaultServerSelectionTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Parses the URI; a malformed one stops startup with the driver's reason and the key's name.</summary>
    public static MongoUrl Parse(string connectionString)
    {
        if (!connectionString.StartsWith("mongodb://", StringComparison.OrdinalIgnoreCase)
            && !connectionString.StartsWith("mongodb+srv://", StringComparison.OrdinalIgnoreCase))
        {
            // The driver says only "is not valid" here.
            throw new InvalidOperationException($"{Key} is not a valid MongoDB connection string: it must start with mongodb:// or mongodb+srv://");
        }
        try
        {
            return new MongoUrl(connectionString);
        }
        catch (Exception e) when (e is MongoConfigurationException or ArgumentException or FormatException)
        {
            throw new InvalidOperationException($"{Key} is not a valid MongoDB connection string: {e.Message}", e);
        }
    }

    public static string DatabaseName(MongoUrl url) => url.DatabaseName ?? DefaultDatabase;

    public static MongoClientSettings ClientSettings(string connectionString, MongoServerEvents events, ILoggerFactory loggerFactory)
    {
        var settings = MongoClientSettings.FromUrl(Parse(connectionString));
        // The driver's own parse says whether the URI set it (MongoUrl only has the value, 30 s if unset).
        if (new ConnectionString(connectionString).ServerSelectionTimeout is null)
        {
            settings.ServerSelectionTimeout = DefaultServerSelectionTimeout;
        }
        settings.ApplicationName ??= "feed";
        settings.ClusterConfigurator = events.Subscribe;
        settings.LoggingSettings = new LoggingSettings(loggerFactory);
        return settings;
    }

    /// <summary>Where the store connects, for the log: scheme, hosts and database, never credentials.</summary>
    public static string Describe(MongoUrl url) => url.Scheme == ConnectionStringScheme.MongoDBPlusSrv
        ? $"mongodb+srv://{url.Server.Host}/{DatabaseName(url)}"
        : $"mongodb://{string.Join(",", url.Servers)}/{DatabaseName(url)}";
}
