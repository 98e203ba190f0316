using System.Security.Cryptography;
using System.Text;

namespace Feed.Mongo.Auth;

/// <summary>
/// The client side of one SCRAM exchange (RFC 5802, RFC 7677), without channel binding:
/// client-first, then client-final from the server-first, then a check of the server's
/// signature. Pure computation, so the RFC examples test it byte for byte.
/// </summary>
internal sealed class ScramConversation
{
    private const int MinimumIterations = 4096;
    private const string Gs2Header = "n,,";

    private readonly ScramAlgorithm _algorithm;
    private readonly string _preparedPassword;
    private readonly string _clientNonce;
    private readonly string _clientFirstBare;
    private byte[]? _expectedServerSignature;

    public ScramConversation(ScramAlgorithm algorithm, string username, string preparedPassword, string? clientNonce = null)
    {
        _algorithm = algorithm;
        _preparedPassword = preparedPassword;
        _clientNonce = clientNonce ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        _clientFirstBare = $"n={EscapeName(username)},r={_clientNonce}";
    }

    public string ClientFirstMessage => Gs2Header + _clientFirstBare;

    public string ClientFinalMessage(string serverFirst)
    {
        var fields = ParseFields(serverFirst);
        var nonce = Require(fields, 'r', serverFirst);
        if (!nonce.StartsWith(_clientNonce, StringComparison.Ordinal) || nonce.Length == _clientNonce.Length)
        {
            throw new MongoAuthenticationException("SCRAM server nonce does not extend the client nonce; authentication aborted");
        }
        var salt = Convert.FromBase64String(Require(fields, 's', serverFirst));
        if (!int.TryParse(Require(fields, 'i', serverFirst), out var iterations) || iterations < MinimumIterations)
        {
            throw new MongoAuthenticationException($"SCRAM iteration count must be at least {MinimumIterations}");
        }
        var withoutProof = $"c={Convert.ToBase64String(Encoding.ASCII.GetBytes(Gs2Header))},r={nonce}";
        var authMessage = $"{_clientFirstBare},{serverFirst},{withoutProof}";

        var salted = _algorithm.SaltedPassword(_preparedPassword, salt, iterations);
        var clientKey = _algorithm.Hmac(salted, "Client Key");
        var clientSignature = _algorithm.Hmac(_algorithm.HashOf(clientKey), authMessage);
        var proof = new byte[clientKey.Length];
        for (var i = 0; i < proof.Length; i++)
        {
            proof[i] = (byte)(clientKey[i] ^ clientSignature[i]);
        }
        _expectedServerSignature = _algorithm.Hmac(_algorithm.Hmac(salted, "Server Key"), authMessage);
        return $"{withoutProof},p={Convert.ToBase64String(proof)}";
    }

    /// <summary>Checks the server's proof that it knows the password too.</summary>
    public void VerifyServerFinal(string serverFinal)
    {
        var fields = ParseFields(serverFinal);
        if (fields.TryGetValue('e', out var error))
        {
            throw new MongoAuthenticationException($"SCRAM authentication failed: {error}");
        }
        var signature = Convert.FromBase64String(Require(fields, 'v', serverFinal));
        if (_expectedServerSignature is null || !CryptographicOperations.FixedTimeEquals(signature, _expectedServerSignature))
        {
            throw new MongoAuthenticationException("SCRAM server signature is wrong; the server may not be who it claims");
        }
    }

    private static string EscapeName(string username) =>
        username.Replace("=", "=3D", StringComparison.Ordinal).Replace(",", "=2C", StringComparison.Ordinal);

    private static Dictionary<char, string> ParseFields(string message) =>
        message.Split(',').Where(p => p.Length >= 2 && p[1] == '=').ToDictionary(p => p[0], p => p[2..]);

    private static string Require(Dictionary<char, string> fields, char name, string message) =>
        fields.TryGetValue(name, out var value) ? value : throw new MongoAuthenticationException($"SCRAM message lacks '{name}=': {message}");
}
