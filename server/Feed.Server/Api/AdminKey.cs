using System.Security.Cryptography;
using System.Text;

namespace Feed.Server.Api;

/// <summary>
/// The operator's credential for admin endpoints: the <c>X-Admin-Key</c> header must equal
/// <c>Feed:Auth:AdminKey</c>. A key of the deployment rather than a role in a user's token, so it
/// works the same with dev tokens and with any identity provider, and a user's token never opens it.
/// </summary>
internal static class AdminKey
{
    public const string Header = "X-Admin-Key";

    /// <summary>True when no key is configured (Development only: startup requires one elsewhere) or the request carries it.</summary>
    public static bool Admits(HttpRequest request, string? configuredKey)
    {
        if (string.IsNullOrEmpty(configuredKey))
        {
            return true;
        }
        // Compared as hashes, in constant time: the time taken says nothing about the key.
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(request.Headers[Header].ToString()));
        return CryptographicOperations.FixedTimeEquals(given, SHA256.HashData(Encoding.UTF8.GetBytes(configuredKey)));
    }
}
