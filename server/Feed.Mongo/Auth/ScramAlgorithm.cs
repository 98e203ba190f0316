using System.Security.Cryptography;
using System.Text;

namespace Feed.Mongo.Auth;

/// <summary>The hash-specific parts of SCRAM-SHA-1 and SCRAM-SHA-256 as MongoDB uses them.</summary>
internal sealed class ScramAlgorithm
{
    public static readonly ScramAlgorithm Sha256 = new("SCRAM-SHA-256", HashAlgorithmName.SHA256, 32);
    public static readonly ScramAlgorithm Sha1 = new("SCRAM-SHA-1", HashAlgorithmName.SHA1, 20);

    private ScramAlgorithm(string mechanism, HashAlgorithmName hash, int keyLength)
    {
        Mechanism = mechanism;
        Hash = hash;
        KeyLength = keyLength;
    }

    public string Mechanism { get; }

    public HashAlgorithmName Hash { get; }

    public int KeyLength { get; }

    /// <summary>
    /// The password SCRAM hashes: SCRAM-SHA-256 uses the SASLprep'd password; MongoDB's
    /// SCRAM-SHA-1 uses its legacy digest hex(MD5("user:mongo:password")) instead.
    /// </summary>
    public string PreparePassword(string username, string password)
    {
        if (this == Sha256)
        {
            return SaslPrep.Prepare(password);
        }
#pragma warning disable CA5351 // MD5 is what the MongoDB SCRAM-SHA-1 protocol specifies.
        var digest = MD5.HashData(Encoding.UTF8.GetBytes($"{username}:mongo:{password}"));
#pragma warning restore CA5351
        return Convert.ToHexStringLower(digest);
    }

    public byte[] Hmac(byte[] key, string data) => Hmac(key, Encoding.UTF8.GetBytes(data));

    public byte[] Hmac(byte[] key, byte[] data) =>
        this == Sha256 ? HMACSHA256.HashData(key, data) : HMACSHA1.HashData(key, data);

    public byte[] HashOf(byte[] data) => this == Sha256 ? SHA256.HashData(data) : SHA1.HashData(data);

    public byte[] SaltedPassword(string preparedPassword, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(preparedPassword), salt, iterations, Hash, KeyLength);
}
