using System.Globalization;
using System.Security.Claims;
using Feed.Core;

namespace Feed.Server.Api;

/// <summary>The HTTP API: the hub's operations for scripts and non-socket clients.</summary>
internal static class FeedApi
{
    public static IEndpointRouteBuilder MapFeedApi(this IEndpointRouteBuilder app)
    {
        // Described in /openapi/v1.json, errors included (FeedExceptionHandler writes them).
        var api = app.MapGroup("/api").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/feed", GetFeed).ProducesValidationProblem();
        api.MapPost("/posts", Publish).Produces<FeedItem>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapPut("/follows/{userId}", Follow).Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/follows/{userId}", Unfollow).Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/presence", GetPresence);
        api.MapGet("/users/{userId}", GetUser).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static Task<FeedPage> GetFeed(ClaimsPrincipal user, ReadFeedPage read, string? before, string? after, string? limit, CancellationToken ct) =>
        read.ReadAsync(Me(user), new FeedQuery(before, after, ParseLimit(limit)), ct);

    private static async Task<IResult> Publish(ClaimsPrincipal user, PublishPost publish, PublishRequest? request, CancellationToken ct) =>
        TypedResults.Json(await publish.PublishAsync(Me(user), request?.Text, ct), statusCode: StatusCodes.Status201Created);

    private static async Task<IResult> Follow(ClaimsPrincipal user, string userId, FollowUser follow, CancellationToken ct)
    {
        await follow.FollowAsync(Me(user), userId, ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> Unfollow(ClaimsPrincipal user, string userId, UnfollowUser unfollow, CancellationToken ct)
    {
        await unfollow.UnfollowAsync(Me(user), userId, ct);
        return TypedResults.NoContent();
    }

    /// <summary>The hub's <c>GetOnline()</c>: the people the token's user follows who are online.</summary>
    private static Task<OnlineUsers> GetPresence(ClaimsPrincipal user, OnlineFollowees online, CancellationToken ct) =>
        online.GetAsync(Me(user), ct);

    private static Task<UserProfile> GetUser(string userId, FindUser find, CancellationToken ct) =>
        find.FindAsync(userId, ct);

    private static string Me(ClaimsPrincipal user) =>
        user.FindFirstValue("sub") ?? throw new InvalidOperationException("authenticated request without a subject");

    /// <summary>Parsed here, not by binding, so a bad value gets the same field error as the hub's.</summary>
    private static int? ParseLimit(string? limit)
    {
        if (string.IsNullOrEmpty(limit))
        {
            return null;
        }
        return int.TryParse(limit, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FeedValidationException("limit", $"limit must be a whole number between 1 and {FeedValidation.MaxLimit}");
    }
}
