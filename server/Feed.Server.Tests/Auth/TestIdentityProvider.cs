using System.Security.Cryptography;
using Feed.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace Feed.Server.Tests.Auth;

/// <summary>
/// A minimal OpenID Connect provider on a loopback Kestrel port: a discovery document and a JWKS
/// holding the current RSA keys, which a test rotates. It signs RS256 tokens with a key's kid, as
/// Entra ID, Auth0 or Keycloak do; every JWKS download is counted.
/// </summary>
internal sealed class TestIdentityProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile RsaSecurityKey[] _published;
    private int _jwksDownloads;
    private TaskCompletionSource _downloaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TestIdentityProvider(WebApplication app, Uri authority, RsaSecurityKey first)
    {
        _app = app;
        Authority = authority;
        _published = [first];
    }

    /// <summary>The issuer, as tokens name it and discovery describes it.</summary>
    public Uri Authority { get; }

    public int JwksDownloads => Volatile.Read(ref _jwksDownloads);

    public static async Task<TestIdentityProvider> StartAsync(string kid)
    {
        var port = FreePort.Next();
        var authority = new Uri($"http://127.0.0.1:{port}/realms/feed");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var provider = new TestIdentityProvider(app, authority, NewKey(kid));
        app.MapGet("/realms/feed/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = authority.ToString().TrimEnd('/'),
            ["jwks_uri"] = authority + "/keys",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/realms/feed/keys", provider.Jwks);
        await app.StartAsync();
        return provider;
    }

    public static RsaSecurityKey NewKey(string kid) => new(RSA.Create(2048)) { KeyId = kid };

    /// <summary>Publishes these keys from now on (a rotation drops the old one).</summary>
    public void Publish(params RsaSecurityKey[] keys) => _published = keys;

    public RsaSecurityKey Current => _published[0];

    public string Sign(RsaSecurityKey key, string? subject, string audience) =>
        TestTokens.Sign(new SigningCredentials(key, SecurityAlgorithms.RsaSha256), Authority.ToString().TrimEnd('/'), audience, subject);

    /// <summary>Completes at the next JWKS download from now.</summary>
    public Task NextDownload() => Volatile.Read(ref _downloaded).Task;

    private IResult Jwks()
    {
        var keys = _published.Select(key =>
        {
            var parameters = key.Rsa.ExportParameters(includePrivateParameters: false);
            return new Dictionary<string, string>
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["alg"] = "RS256",
                ["kid"] = key.KeyId,
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            };
        }).ToArray();
        Interlocked.Increment(ref _jwksDownloads);
        var downloaded = Interlocked.Exchange(ref _downloaded, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        // Completed once the response is on its way: the caller then applies the keys.
        downloaded.TrySetResult();
        return Results.Json(new { keys });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
