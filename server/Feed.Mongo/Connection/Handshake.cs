using Feed.Mongo.Bson;

namespace Feed.Mongo.Connection;

/// <summary>
/// The connection handshake: <c>hello</c> over OP_MSG with the client metadata, falling back to
/// the legacy <c>isMaster</c> name for servers older than 4.4.2 that do not know hello.
/// </summary>
internal static class Handshake
{
    private const int CommandNotFound = 59;

    public static async Task<ServerDescription> RunAsync(MongoConnection connection, MongoUrl url, CancellationToken cancellationToken)
    {
        var reply = await connection.RunCommandAsync("admin", Hello("hello", url), null, url.ConnectTimeout, cancellationToken);
        if (reply.GetValueOrDefault("code") is BsonInt32 { Value: CommandNotFound })
        {
            reply = await connection.RunCommandAsync("admin", Hello("isMaster", url), null, url.ConnectTimeout, cancellationToken);
        }
        return ServerDescription.FromHello(CommandReplies.EnsureOk("hello", reply));
    }

    private static BsonDocument Hello(string commandName, MongoUrl url)
    {
        var hello = new BsonDocument { { commandName, 1 }, { "helloOk", true }, { "client", ClientMetadata.Build(url.AppName) } };
        if (url.HasCredentials && url.AuthMechanism is null)
        {
            // Lets the server tell us which SCRAM variants this user has.
            hello.Add("saslSupportedMechs", $"{url.AuthSource}.{url.Username}");
        }
        return hello;
    }
}
