using System.Net.Http.Json;
using Feed.Core;
using Feed.Server.Tests.Infrastructure;

namespace Feed.Server.Tests.Profiles;

/// <summary>With <c>Feed:Profiles:BaseUrl</c> set, the app's feed pages carry the profile service's authors.</summary>
public sealed class ProfileServiceWiringTests
{
    [Fact]
    public async Task Feed_pages_show_authors_from_the_profile_service()
    {
        await using var profiles = await ProfileService.StartAsync();
        await using var server = await FeedServer.StartAsync(new Dictionary<string, string?> { ["Feed:Profiles:BaseUrl"] = profiles.BaseUrl.ToString() });
        var author = TestUsers.New("profiled");
        using var http = await server.HttpAsAsync(author);
        (await http.PostAsJsonAsync("/api/posts", new { text = "hello" })).EnsureSuccessStatusCode();

        var page = await http.GetFromJsonAsync<FeedPage>("/api/feed");

        Assert.Equal("Name of " + author, Assert.Single(page!.Items).Author.DisplayName);
    }
}
