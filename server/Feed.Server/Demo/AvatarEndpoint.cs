using System.Globalization;
using System.Net;
using Feed.Core;

namespace Feed.Server.Demo;

/// <summary>
/// <c>GET /avatars/{id}.svg</c>: a generated avatar (initials on a colour derived from the id),
/// so demo users have pictures without any external service.
/// </summary>
internal static class AvatarEndpoint
{
    public static IEndpointRouteBuilder MapAvatars(this IEndpointRouteBuilder app)
    {
        app.MapGet("/avatars/{file}", (string file, HttpResponse response) =>
        {
            var id = file.EndsWith(".svg", StringComparison.Ordinal) ? file[..^4] : file;
            if (!PostId.IsValid(id))
            {
                return Results.NotFound();
            }
            response.Headers.CacheControl = "public, max-age=86400";
            return Results.Text(Svg(id), "image/svg+xml");
        }).AllowAnonymous();
        return app;
    }

    private static string Svg(string id)
    {
        var hue = (int)((uint)StableHash(id) % 360);
        var words = id.StartsWith(DemoData.UserPrefix, StringComparison.Ordinal) ? id[DemoData.UserPrefix.Length..].Split('-') : [id];
        var initials = string.Concat(words.Where(w => w.Length > 0 && char.IsLetter(w[0])).Take(2).Select(w => char.ToUpperInvariant(w[0])));
        return string.Create(CultureInfo.InvariantCulture,
            $"""<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><rect width="64" height="64" rx="32" fill="hsl({hue},55%,45%)"/><text x="32" y="40" font-family="sans-serif" font-size="24" fill="#fff" text-anchor="middle">{WebUtility.HtmlEncode(initials)}</text></svg>""");
    }

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked(hash * 31 + c);
        }
        return hash;
    }
}
