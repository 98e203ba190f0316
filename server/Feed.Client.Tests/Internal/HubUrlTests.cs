using Feed.Client.Internal;

namespace Feed.Client.Tests.Internal;

public sealed class HubUrlTests
{
    [Theory]
    [InlineData("http://h:5000/hubs/feed", null, "ws://h:5000/hubs/feed")]
    [InlineData("https://h/hubs/feed", null, "wss://h/hubs/feed")]
    [InlineData("ws://h/hubs/feed", "t", "ws://h/hubs/feed?access_token=t")]
    [InlineData("wss://h:8443/x", "a b+/=", "wss://h:8443/x?access_token=a%20b%2B%2F%3D")]
    [InlineData("http://h/hubs/feed?v=2", "t", "ws://h/hubs/feed?v=2&access_token=t")]
    [InlineData("http://h/hubs/feed#frag", "t", "ws://h/hubs/feed?access_token=t")]
    public void Builds_the_websocket_url(string hubUrl, string? token, string expected)
    {
        Assert.Equal(expected, HubUrl.ToWebSocketUri(new Uri(hubUrl), token).AbsoluteUri);
    }

    [Theory]
    [InlineData("ftp://h/hubs")]
    [InlineData("mailto:someone@h")]
    public void Rejects_other_schemes(string hubUrl)
    {
        var error = Assert.Throws<ArgumentException>(() => HubUrl.ToWebSocketUri(new Uri(hubUrl), "t"));

        Assert.Contains("scheme", error.Message);
    }

    [Fact]
    public void Rejects_relative_urls()
    {
        Assert.Throws<ArgumentException>(() => HubUrl.ToWebSocketUri(new Uri("/hubs/feed", UriKind.Relative), null));
    }

    [Fact]
    public void Redaction_drops_the_query_that_carries_the_token()
    {
        var url = HubUrl.ToWebSocketUri(new Uri("http://h/hubs/feed"), "secret");

        Assert.Equal("ws://h/hubs/feed", HubUrl.Redact(url));
    }
}
