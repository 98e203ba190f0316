using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Feed.Core;
using Feed.Server.Tests.Infrastructure;

namespace Feed.Server.Tests;

/// <summary>The HTTP API over a real port: status codes, problem details, and effects.</summary>
public sealed class FeedApiTests(FeedServerFixture fixture) : IClassFixture<FeedServerFixture>
{
    private FeedServer Server => fixture.Server;

    [Fact]
    public async Task Post_follow_and_read_the_feed()
    {
        var alice = TestUsers.New("alice");
        var bob = TestUsers.New("bob");
        using var a = await Server.HttpAsAsync(alice);
        using var b = await Server.HttpAsAsync(bob);

        var created = await a.PostAsJsonAsync("/api/posts", new { text = " first! " });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var item = (await created.Content.ReadFromJsonAsync<FeedItem>())!;
        Assert.Equal("first!", item.Text);

        Assert.Equal(HttpStatusCode.NoContent, (await b.PutAsync($"/api/follows/{alice}", null)).StatusCode);
        var page = (await b.GetFromJsonAsync<FeedPage>("/api/feed?limit=10"))!;
        Assert.Equal([item.Id], page.Items.Select(i => i.Id));

        Assert.Equal(HttpStatusCode.NoContent, (await b.DeleteAsync($"/api/follows/{alice}")).StatusCode);
        Assert.Empty((await b.GetFromJsonAsync<FeedPage>("/api/feed"))!.Items);
    }

    [Fact]
    public async Task Created_items_use_camelCase_and_unix_millisecond_times()
    {
        using var a = await Server.HttpAsAsync(TestUsers.New("alice"));
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var json = await (await a.PostAsJsonAsync("/api/posts", new { text = "shape" })).Content.ReadAsStringAsync();

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        foreach (var name in new[] { "id", "cursor", "authorId", "author", "text", "createdAt" })
        {
            Assert.True(root.TryGetProperty(name, out _), $"missing {name} in {json}");
        }
        Assert.Equal(JsonValueKind.Number, root.GetProperty("createdAt").ValueKind);
        Assert.InRange(root.GetProperty("createdAt").GetInt64(), before - 1000, before + 60_000);
        Assert.Equal(24, root.GetProperty("id").GetString()!.Length);
    }

    [Fact]
    public async Task Users_are_found_and_unknown_users_are_404_problems()
    {
        using var a = await Server.HttpAsAsync(TestUsers.New("alice"));

        var demo = await a.GetFromJsonAsync<UserProfile>("/api/users/demo-ada-lovelace");
        Assert.Equal("Ada Lovelace", demo!.DisplayName);
        Assert.Equal("/avatars/demo-ada-lovelace.svg", demo.AvatarUrl);

        var missing = await a.GetAsync("/api/users/nobody-at-all");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Contains("unknown user 'nobody-at-all'", await missing.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await a.PutAsync("/api/follows/nobody-at-all", null)).StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/feed?limit=0", null, "limit")]
    [InlineData("GET", "/api/feed?limit=abc", null, "limit")]
    [InlineData("GET", "/api/feed?before=zzz", null, "before")]
    [InlineData("POST", "/api/posts", "{\"text\":\"   \"}", "text")]
    [InlineData("POST", "/api/posts", "{}", "text")]
    [InlineData("PUT", "/api/follows/bad%20id", null, "userId")]
    public async Task Validation_errors_are_400_problems_naming_the_field(string method, string url, string? body, string field)
    {
        using var a = await Server.HttpAsAsync(TestUsers.New("alice"));
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        var response = await a.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var messages = doc.RootElement.GetProperty("errors").GetProperty(field);
        Assert.NotEmpty(messages.EnumerateArray());
        Assert.Empty((await a.GetFromJsonAsync<FeedPage>("/api/feed"))!.Items);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        using var a = await Server.HttpAsAsync(TestUsers.New("alice"));
        var response = await a.PostAsync("/api/posts", new StringContent("{\"text\":", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("JSON", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("GET", "/api/feed")]
    [InlineData("POST", "/api/posts")]
    [InlineData("PUT", "/api/follows/demo-ada-lovelace")]
    [InlineData("GET", "/api/users/demo-ada-lovelace")]
    public async Task Api_calls_without_a_token_are_401(string method, string url)
    {
        var response = await Server.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Dev_token_requests_validate_the_user_id()
    {
        var response = await Server.Http.PostAsJsonAsync("/api/auth/token", new { userId = "no spaces allowed" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("userId", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_and_readiness_answer_without_a_token()
    {
        Assert.Equal(HttpStatusCode.OK, (await Server.Http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Server.Http.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task Demo_users_have_generated_avatars()
    {
        var response = await Server.Http.GetAsync("/avatars/demo-ada-lovelace.svg");
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(">AL</text>", await response.Content.ReadAsStringAsync());
    }
}
