using Feed.Core;
using Feed.Mongo;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MongoDB.Driver;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the MongoDB feed store.</summary>
public static class MongoFeedStoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IFeedStore"/> on MongoDB: one <see cref="IMongoClient"/> for the process
    /// (the driver pools and monitors behind it), the store on the URI's database (<c>feed</c> if
    /// the path names none), and the background index upkeep. Nothing connects until first use,
    /// so the server starts while MongoDB is down. A malformed URI throws here, naming the key.
    /// <code>
    /// { "ConnectionStrings": { "Mongo": "mongodb+srv://feed:secret@cluster0.example.net/feed?retryWrites=true" } }
    /// </code>
    /// </summary>
    public static IServiceCollection AddMongoFeedStore(this IServiceCollection services, string connectionString)
    {
        var url = MongoConnectionSettings.Parse(connectionString);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MongoServerEvents>();
        services.TryAddSingleton<IMongoClient>(sp => new MongoClient(MongoConnectionSettings.ClientSettings(
            connectionString, sp.GetRequiredService<MongoServerEvents>(), sp.GetRequiredService<ILoggerFactory>())));
        services.TryAddSingleton(sp =>
        {
            var logger = sp.GetRequiredService<ILogger<MongoFeedStore>>();
            var database = MongoConnectionSettings.DatabaseName(url);
            MongoStoreLog.UsingMongo(logger, MongoConnectionSettings.Describe(url));
            return new MongoFeedStore(sp.GetRequiredService<IMongoClient>().GetDatabase(database), sp.GetRequiredService<TimeProvider>(), logger);
        });
        services.TryAddSingleton<IFeedStore>(sp => sp.GetRequiredService<MongoFeedStore>());
        services.AddHostedService<MongoIndexMaintainer>();
        return services;
    }
}
