using Feed.Core;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Feed.Server.Auth;

/// <summary>
/// The one check of the user id a token carries, made when the token is validated, so the API
/// and the hub see the same users: its <c>sub</c> must be a Feed user id
/// (<see cref="FeedValidation.UserIdRule"/>), the ids the follow API and the hub accept and that
/// are safe in group and channel names and URLs. Anything else, however well signed, is a 401
/// naming the rule, not a user nobody can follow.
/// </summary>
internal static class TokenSubject
{
    public static void Check(TokenValidatedContext context)
    {
        var subject = context.Principal?.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        if (string.IsNullOrEmpty(subject))
        {
            context.Fail(new RefusedSubjectException($"the token has no sub claim (the user id: {FeedValidation.UserIdRule})"));
        }
        else if (!FeedValidation.IsUserId(subject))
        {
            // The value is not echoed: it is the caller's, of any length.
            context.Fail(new RefusedSubjectException($"the token's sub must be {FeedValidation.UserIdRule}"));
        }
    }

    /// <summary>Answers a refused subject with the rule, in <c>WWW-Authenticate</c> (RFC 6750) and in a problem body.</summary>
    public static async Task ChallengeAsync(JwtBearerChallengeContext context)
    {
        if (context.AuthenticateFailure is not RefusedSubjectException refused)
        {
            return;
        }
        context.HandleResponse();
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = $"Bearer error=\"invalid_token\", error_description=\"{refused.Message}\"";
        var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails = { Status = StatusCodes.Status401Unauthorized, Title = "Invalid token", Detail = refused.Message },
        });
    }

    private sealed class RefusedSubjectException(string message) : Exception(message);
}
