using System.Net.Http.Json;
using Feed.Core;
using Feed.Server.Tests.Infrastructure;
using Feed.Testing;
using StackExchange.Redis;

namespace Feed.Server.Tests.Profiles;

/// <summary>
/// Two instances on one Redis share fetched profiles through HybridCache's Redis second level:
/// an author is fetched once across both, and both keep naming cached authors after the profile
/// service is gone.
/// </summary>
public sealed class SharedProfileCacheTests
{
    [Fact]
    public async Task Each_author_is_fetched_once_across_instances_and_cached_authors_outlive_the_profile_service()
    {
        await using var redis = await RedisServer.StartAsync();
        var profiles = await ProfileService.StartAsync();
        var settings = ScaleOutScenario.Settings(redis.ConnectionString);
        settings["Feed:Profiles:BaseUrl"] = profiles.BaseUrl.ToString();
        var store = new InMemoryFeedStore();
        await using var one = await FeedServer.StartAsync(settings, store);
        await using var two = await FeedServer.StartAsync(settings, store);
        var reader = TestUsers.New("reader");
        string[] authors = [TestUsers.New("ann"), TestUsers.New("ben"), TestUsers.New("cat")];
        using var readerOnOne = await one.HttpAsAsync(reader);
        using var readerOnTwo = await two.HttpAsAsync(reader);
        foreach (var author in authors)
        {
            await PostAsync(one, author, "hello from " + author);
            (await readerOnOne.PutAsync($"/api/follows/{author}", null)).EnsureSuccessStatusCode();
        }

        Assert.Equal(authors.Select(Named), await AuthorNamesAsync(readerOnOne, authors));
        await using (var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
        {
            // Written to Redis once instance one has them (HybridCache may write after answering).
            await Eventually.SucceedsAsync(async () =>
            {
                foreach (var author in authors)
                {
                    Assert.True(await multiplexer.GetDatabase().KeyExistsAsync($"feed:profile:{author}"), author);
                }
            });
        }
        Assert.Equal(authors.Select(Named), await AuthorNamesAsync(readerOnTwo, authors));
        Assert.All(authors, author => Assert.Equal(1, profiles.CallsFor(author)));

        await profiles.DisposeAsync();
        var late = TestUsers.New("late");
        await PostAsync(one, late, "after the profile service went away");
        (await readerOnOne.PutAsync($"/api/follows/{late}", null)).EnsureSuccessStatusCode();

        string[] everyone = [.. authors, late];
        var expected = authors.Select(Named).Append(IProfileSource.Placeholder(late).DisplayName).ToArray();
        Assert.Equal(expected, await AuthorNamesAsync(readerOnOne, everyone));
        Assert.Equal(expected, await AuthorNamesAsync(readerOnTwo, everyone));
    }

    private static string Named(string id) => "Name of " + id;

    private static async Task PostAsync(FeedServer server, string author, string text)
    {
        using var http = await server.HttpAsAsync(author);
        (await http.PostAsJsonAsync("/api/posts", new { text })).EnsureSuccessStatusCode();
    }

    /// <summary>The display name the reader's feed page shows for each of the authors, in their order.</summary>
    private static async Task<string[]> AuthorNamesAsync(HttpClient reader, IEnumerable<string> authors)
    {
        var page = await reader.GetFromJsonAsync<FeedPage>("/api/feed?limit=100");
        var byAuthor = page!.Items.ToDictionary(i => i.AuthorId, i => i.Author.DisplayName);
        return [.. authors.Select(a => byAuthor[a])];
    }
}
