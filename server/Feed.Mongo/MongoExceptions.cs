using Feed.Mongo.Bson;

namespace Feed.Mongo;

/// <summary>Base of every error this client throws on purpose.</summary>
public class MongoException : Exception
{
    public MongoException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>
/// The server could not be reached or the connection broke (refused, reset, closed, no server
/// selectable in time). The connection involved has been discarded; reads were retried once.
/// </summary>
public sealed class MongoConnectionException(string message, Exception? inner = null) : MongoException(message, inner);

/// <summary>An operation exceeded socketTimeoutMS; its connection was discarded.</summary>
public sealed class MongoOperationTimeoutException(string message, Exception? inner = null) : MongoException(message, inner);

/// <summary>No pooled connection became free within waitQueueTimeoutMS (maxPoolSize are all busy).</summary>
public sealed class MongoWaitQueueTimeoutException(string message) : MongoException(message);

/// <summary>The server answered with an error. <see cref="Code"/> is MongoDB's error code.</summary>
public abstract class MongoServerException(string message, int code, string? codeName) : MongoException(message)
{
    public const int DuplicateKeyCode = 11000;

    public int Code { get; } = code;

    public string? CodeName { get; } = codeName;

    /// <summary>A unique index rejected the write (E11000), whichever way the server reported it.</summary>
    public virtual bool IsDuplicateKey => Code == DuplicateKeyCode;
}

/// <summary>A command failed as a whole (the reply had ok: 0).</summary>
public sealed class MongoCommandException(string commandName, BsonDocument reply, int code, string? codeName, string errorMessage)
    : MongoServerException($"Command '{commandName}' failed: {errorMessage} (code {code}{(codeName is null ? "" : " " + codeName)})", code, codeName)
{
    public string CommandName { get; } = commandName;

    public string ErrorMessage { get; } = errorMessage;

    public BsonDocument Reply { get; } = reply;
}

/// <summary>One failed document of a write (index into the batch the caller passed).</summary>
public sealed record MongoWriteError(int Index, int Code, string? CodeName, string Message);

/// <summary>
/// A write command ran but some writes failed (writeErrors) or the write concern was not met
/// (writeConcernError). <see cref="MongoServerException.Code"/> is the first error's code.
/// </summary>
public sealed class MongoWriteException : MongoServerException
{
    public MongoWriteException(IReadOnlyList<MongoWriteError> writeErrors, MongoWriteError? writeConcernError)
        : base(Describe(writeErrors, writeConcernError), First(writeErrors, writeConcernError).Code, First(writeErrors, writeConcernError).CodeName)
    {
        WriteErrors = writeErrors;
        WriteConcernError = writeConcernError;
    }

    public IReadOnlyList<MongoWriteError> WriteErrors { get; }

    public MongoWriteError? WriteConcernError { get; }

    public override bool IsDuplicateKey => WriteErrors.Any(e => e.Code == DuplicateKeyCode);

    private static MongoWriteError First(IReadOnlyList<MongoWriteError> errors, MongoWriteError? concern) =>
        errors.Count > 0 ? errors[0] : concern ?? throw new ArgumentException("a write exception needs an error");

    private static string Describe(IReadOnlyList<MongoWriteError> errors, MongoWriteError? concern)
    {
        var first = First(errors, concern);
        var what = errors.Count > 0 ? $"{errors.Count} write error(s), first at index {first.Index}" : "write concern error";
        return $"Write failed: {what}: {first.Message} (code {first.Code})";
    }
}

/// <summary>SCRAM authentication failed (wrong credentials, or the server's proof did not check out).</summary>
public sealed class MongoAuthenticationException(string message, Exception? inner = null) : MongoException(message, inner);
