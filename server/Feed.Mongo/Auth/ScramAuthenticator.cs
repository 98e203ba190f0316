using System.Text;
using Feed.Mongo.Bson;
using Feed.Mongo.Connection;

namespace Feed.Mongo.Auth;

/// <summary>
/// Runs a SCRAM conversation over MongoDB's saslStart / saslContinue commands on the
/// authSource database.
/// </summary>
internal static class ScramAuthenticator
{
    public static readonly IReadOnlyList<string> SupportedMechanisms = [ScramAlgorithm.Sha256.Mechanism, ScramAlgorithm.Sha1.Mechanism];

    public static async Task AuthenticateAsync(MongoConnection connection, MongoUrl url, CancellationToken cancellationToken)
    {
        var algorithm = Choose(url.AuthMechanism, connection.Description.SaslSupportedMechs);
        var username = url.Username!;
        var conversation = new ScramConversation(algorithm, username, algorithm.PreparePassword(username, url.Password ?? ""));
        try
        {
            var start = new BsonDocument
            {
                { "saslStart", 1 },
                { "mechanism", algorithm.Mechanism },
                { "payload", Payload(conversation.ClientFirstMessage) },
                { "autoAuthorize", 1 },
                { "options", new BsonDocument("skipEmptyExchange", true) },
            };
            var reply = await RunAsync(connection, url, start, cancellationToken);
            reply = await ContinueAsync(connection, url, reply, conversation.ClientFinalMessage(Text(reply)), cancellationToken);
            conversation.VerifyServerFinal(Text(reply));
            while (reply.GetValueOrDefault("done") is not BsonBoolean { Value: true })
            {
                reply = await ContinueAsync(connection, url, reply, "", cancellationToken);
            }
        }
        catch (MongoCommandException e)
        {
            throw new MongoAuthenticationException($"{algorithm.Mechanism} authentication of '{username}' on '{url.AuthSource}' failed: {e.ErrorMessage}", e);
        }
    }

    public static ScramAlgorithm Choose(string? mechanism, IReadOnlyList<string> serverMechanisms) => mechanism switch
    {
        "SCRAM-SHA-256" => ScramAlgorithm.Sha256,
        "SCRAM-SHA-1" => ScramAlgorithm.Sha1,
        null when serverMechanisms.Count == 0 || serverMechanisms.Contains("SCRAM-SHA-256") => ScramAlgorithm.Sha256,
        null => ScramAlgorithm.Sha1,
        _ => throw new NotSupportedException($"authMechanism '{mechanism}' is not supported; use {string.Join(" or ", SupportedMechanisms)}"),
    };

    private static Task<BsonDocument> ContinueAsync(MongoConnection connection, MongoUrl url, BsonDocument previous, string message, CancellationToken cancellationToken) =>
        RunAsync(connection, url, new BsonDocument
        {
            { "saslContinue", 1 },
            { "conversationId", previous.GetValueOrDefault("conversationId") ?? 1 },
            { "payload", Payload(message) },
        }, cancellationToken);

    private static async Task<BsonDocument> RunAsync(MongoConnection connection, MongoUrl url, BsonDocument command, CancellationToken cancellationToken)
    {
        var reply = await connection.RunCommandAsync(url.AuthSource, command, null, url.ConnectTimeout, cancellationToken);
        return CommandReplies.EnsureOk(command.GetElement(0).Name, reply);
    }

    private static BsonBinary Payload(string message) => new(Encoding.UTF8.GetBytes(message));

    private static string Text(BsonDocument reply) =>
        reply.GetValueOrDefault("payload") is BsonBinary payload
            ? Encoding.UTF8.GetString(payload.Bytes)
            : throw new MongoAuthenticationException("SASL reply has no binary payload");
}
