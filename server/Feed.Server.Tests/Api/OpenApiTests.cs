using System.Text.Json;
using Feed.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.Server.Tests.Api;

/// <summary><c>/openapi/v1.json</c> describes every <c>/api</c> route the app maps, with its errors.</summary>
public sealed class OpenApiTests(FeedServerFixture fixture) : IClassFixture<FeedServerFixture>
{
    [Fact]
    public async Task Every_api_route_is_in_the_document()
    {
        using var document = JsonDocument.Parse(await fixture.Server.Http.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");
        var routes = fixture.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Path: e.RoutePattern.RawText!, Method: m)))
            .ToList();

        Assert.True(routes.Count >= 7, $"only {routes.Count} /api routes found");
        foreach (var (path, method) in routes)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not in the document");
            Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out _), $"{method} {path} is not in the document");
        }
    }

    [Theory]
    [InlineData("/api/posts", "post", "400")]
    [InlineData("/api/posts", "post", "429")]
    [InlineData("/api/feed", "get", "401")]
    [InlineData("/api/follows/{userId}", "put", "404")]
    public async Task Error_responses_are_declared_as_problem_details(string path, string method, string status)
    {
        using var document = JsonDocument.Parse(await fixture.Server.Http.GetStringAsync("/openapi/v1.json"));

        var response = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty(status);

        Assert.True(response.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{method} {path} {status}: {response}");
    }
}
