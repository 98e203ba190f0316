using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Feed.LoadTest.Graph;

/// <summary>
/// Authors post over HTTP (<c>POST /api/posts</c>): an author needs no socket of its own, so a run
/// with 5,000 authors opens only its followers' connections. Posts go round-robin over the instances.
/// </summary>
internal sealed class AuthorPoster(IReadOnlyList<HttpClient> instances, IReadOnlyList<string?> authorTokens)
{
    public async Task PostAsync(int author, int sequence, string text)
    {
        var token = authorTokens[author] ?? throw new InvalidOperationException($"author {author} has no token (see the token errors)");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/posts") { Content = JsonContent.Create(new PostBody(text)) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await instances[sequence % instances.Count].SendAsync(request).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    private sealed record PostBody(string Text);
}
