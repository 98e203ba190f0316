namespace Feed.Client.Internal;

/// <summary>Turns a hub URL into the WebSocket URL to dial, and into a form safe to log.</summary>
internal static class HubUrl
{
    /// <summary>
    /// ws(s)://host/path[?query&amp;]access_token=TOKEN. http and https map to ws and wss; the
    /// token goes in the query because browsers cannot set headers on WebSockets and SignalR
    /// servers accept it there.
    /// </summary>
    public static Uri ToWebSocketUri(Uri hubUrl, string? accessToken)
    {
        ArgumentNullException.ThrowIfNull(hubUrl);
        if (!hubUrl.IsAbsoluteUri)
        {
            throw new ArgumentException($"The hub URL '{hubUrl}' must be absolute.", nameof(hubUrl));
        }
        var builder = new UriBuilder(hubUrl) { Scheme = WebSocketScheme(hubUrl), Fragment = string.Empty };
        if (!string.IsNullOrEmpty(accessToken))
        {
            var query = builder.Query.TrimStart('?');
            var token = "access_token=" + Uri.EscapeDataString(accessToken);
            builder.Query = query.Length == 0 ? token : query + "&" + token;
        }
        return builder.Uri;
    }

    /// <summary>Scheme, host and path only: the query may carry the access token.</summary>
    public static string Redact(Uri url) =>
        url.IsAbsoluteUri ? url.GetLeftPart(UriPartial.Path) : "(relative URL)";

    private static string WebSocketScheme(Uri url) => url.Scheme switch
    {
        "http" or "ws" => "ws",
        "https" or "wss" => "wss",
        _ => throw new ArgumentException(
            $"The hub URL scheme '{url.Scheme}' is not supported; use http, https, ws or wss.", "hubUrl"),
    };
}
