using System.Net;
using System.Net.WebSockets;
using Feed.Client;
using Feed.Server.Tests.Infrastructure;

namespace Feed.Server.Tests;

public sealed class OneOriginFixture : FeedServerFixture
{
    public const string Allowed = "https://app.example.com";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Feed:Cors:AllowedOrigins:0"] = Allowed,
    };
}

/// <summary>With allowed origins configured, browsers from elsewhere can neither call the API nor open the hub.</summary>
public sealed class OriginsTests(OneOriginFixture fixture) : IClassFixture<OneOriginFixture>
{
    private FeedServer Server => fixture.Server;

    [Theory]
    [InlineData(OneOriginFixture.Allowed, HttpStatusCode.SwitchingProtocols)]
    [InlineData("https://evil.example", HttpStatusCode.Forbidden)]
    public async Task WebSocket_upgrades_are_checked_against_the_allowed_origins(string origin, HttpStatusCode expected)
    {
        var token = await Server.TokenAsync(TestUsers.New("alice"));
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", origin);
        var uri = new UriBuilder(FeedClient.HubUrlOf(Server.BaseUrl)) { Scheme = "ws", Query = "access_token=" + token }.Uri;

        try
        {
            await socket.ConnectAsync(uri, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // The status code below says why.
        }

        Assert.Equal(expected, socket.HttpStatusCode);
    }

    [Theory]
    [InlineData(OneOriginFixture.Allowed, true)]
    [InlineData("https://evil.example", false)]
    public async Task Cors_preflight_allows_only_the_configured_origins(string origin, bool allowed)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/posts");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");

        var response = await Server.Http.SendAsync(request);

        Assert.Equal(allowed, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) && values.Contains(origin));
    }
}
