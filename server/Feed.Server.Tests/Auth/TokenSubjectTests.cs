using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Feed.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Feed.Server.Tests.Auth;

/// <summary>
/// The user id comes from the token's <c>sub</c>, and it must follow the same rule as every other
/// user id (1 to 64 of [A-Za-z0-9_-]). A correctly signed token that breaks it is refused at
/// authentication with a 401 naming the rule, on the API and on the hub alike.
/// </summary>
public sealed class TokenSubjectTests(TokenSubjectTests.Fixture fixture) : IClassFixture<TokenSubjectTests.Fixture>
{
    private const string SigningKey = "token-subject-tests-signing-key-0123456789";
    private const string Rule = "1 to 64 characters from [A-Za-z0-9_-]";

    public sealed class Fixture : FeedServerFixture
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Feed:Auth:SigningKey"] = SigningKey };
    }

    private FeedServer Server => fixture.Server;

    public static TheoryData<string?, string> BadSubjects => new()
    {
        { null, "no sub claim" },
        { "", "no sub claim" },
        { "../../admin", "sub must be " + Rule },
        { new string('a', 5000), "sub must be " + Rule },
        { "auth0|abc", "sub must be " + Rule },
    };

    [Theory]
    [MemberData(nameof(BadSubjects))]
    public async Task A_signed_token_whose_sub_breaks_the_user_id_rule_gets_401_naming_it_on_the_api_and_the_hub(string? subject, string problem)
    {
        var token = TestTokens.Hs256(SigningKey, subject);

        foreach (var request in new[] { Get("/api/feed", token), Post("/api/posts", token), Post("/hubs/feed/negotiate?negotiateVersion=1", token) })
        {
            using var response = await Server.Http.SendAsync(request);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains(problem, response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            var details = await response.Content.ReadFromJsonAsync<ProblemDetails>();
            Assert.Contains(problem, details!.Detail, StringComparison.Ordinal);
        }
        var hub = await Assert.ThrowsAnyAsync<Exception>(() => FeedClient.ConnectAsync(Server.BaseUrl, token));
        Assert.Contains("401", hub.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ok")]
    [InlineData("Ab_9-z")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")]
    public async Task A_sub_that_follows_the_rule_is_the_user_on_the_api_and_the_hub(string subject)
    {
        var token = TestTokens.Hs256(SigningKey, subject);

        using var api = await Server.Http.SendAsync(Get("/api/feed", token));
        await using var hub = await FeedClient.ConnectAsync(Server.BaseUrl, token);
        var post = await hub.PublishAsync("from the hub");

        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal(subject, post.AuthorId);
    }

    private static HttpRequestMessage Get(string path, string token) => With(new HttpRequestMessage(HttpMethod.Get, path), token);

    private static HttpRequestMessage Post(string path, string token) =>
        With(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(new { text = "hello" }) }, token);

    private static HttpRequestMessage With(HttpRequestMessage request, string token)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
