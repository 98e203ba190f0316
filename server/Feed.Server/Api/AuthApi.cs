using Feed.Core;
using Feed.Server.Auth;
using Microsoft.Extensions.Options;

namespace Feed.Server.Api;

/// <summary><c>POST /api/auth/token</c>: development tokens for any user id, when enabled.</summary>
internal static class AuthApi
{
    public sealed record TokenRequest(string? UserId);

    public sealed record TokenResponse(string AccessToken);

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/token", IssueDevToken).AllowAnonymous()
            .Produces<TokenResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> IssueDevToken(TokenRequest? request, IOptions<FeedAuthOptions> options, TokenIssuer issuer, IFeedStore store, CancellationToken ct)
    {
        if (options.Value.DevTokens != true)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Dev tokens are disabled",
                detail: "POST /api/auth/token is off; set Feed:Auth:DevTokens=true to enable it (development only).");
        }
        var userId = FeedValidation.UserId(request?.UserId);
        await store.EnsureUserAsync(userId, ct);
        return TypedResults.Ok(new TokenResponse(issuer.Issue(userId)));
    }
}
