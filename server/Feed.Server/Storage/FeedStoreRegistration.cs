using Feed.Core;
using Feed.Mongo;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Feed.Server.Storage;

/// <summary>
/// Chooses the feed store from configuration: MongoDB when <c>ConnectionStrings:Mongo</c> is
/// set, otherwise the in-memory store (the embedded default, seeded with demo data).
/// <code>
/// { "ConnectionStrings": { "Mongo": "mongodb://mongo:27017/feed" } }
/// </code>
/// </summary>
internal static class FeedStoreRegistration
{
    public const string ConnectionStringName = "Mongo";
    public const string DefaultDatabase = "feed";

    /// <summary>How long a call waits for an unreachable MongoDB before failing, unless the
    /// connection string sets serverSelectionTimeoutMS (the driver default, 30 s, would hold a
    /// hub call far longer than a user waits).</summary>
    public const int DefaultServerSelectionTimeoutMs = 5000;

    public static IServiceCollection AddFeedStore(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            services.TryAddSingleton<IFeedStore, InMemoryFeedStore>();
            return services;
        }
        var url = WithDefaults(connectionString);
        services.TryAddSingleton(sp => new MongoClient(url, sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddSingleton(sp =>
        {
            var database = url.Database ?? DefaultDatabase;
            var logger = sp.GetRequiredService<ILogger<MongoFeedStore>>();
            MongoStoreLog.UsingMongo(logger, url.ToString(), database);
            return new MongoFeedStore(sp.GetRequiredService<MongoClient>().GetDatabase(database),
                sp.GetRequiredService<TimeProvider>(), logger);
        });
        services.TryAddSingleton<IFeedStore>(sp => sp.GetRequiredService<MongoFeedStore>());
        services.AddHostedService<MongoIndexInitializer>();
        return services;
    }

    /// <summary>Parses the connection string (a bad one fails startup with the parser's message)
    /// and adds our serverSelectionTimeoutMS default when it has none.</summary>
    internal static MongoUrl WithDefaults(string connectionString)
    {
        var url = MongoUrl.Parse(connectionString);
        if (url.Options.ContainsKey("serverselectiontimeoutms"))
        {
            return url;
        }
        var hostsEnd = connectionString.IndexOf('/', connectionString.IndexOf("://", StringComparison.Ordinal) + 3);
        var separator = hostsEnd < 0 ? "/?" : connectionString.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return MongoUrl.Parse($"{connectionString}{separator}serverSelectionTimeoutMS={DefaultServerSelectionTimeoutMs}");
    }
}
