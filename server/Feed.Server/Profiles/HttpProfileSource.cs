using System.Net.Http.Json;
using Feed.Core;
using Feed.Server.Metrics;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;

namespace Feed.Server.Profiles;

/// <summary>
/// Profiles from the profile service over HTTP, through <see cref="HybridCache"/>: one fetch per
/// id however many pages ask at once, reused for <see cref="ProfileServiceOptions.CacheTtl"/>.
/// The client's resilience pipeline (<see cref="ProfileClientResilience"/>) bounds concurrency,
/// times out each call and stops calling a failing service. A failed or slow fetch is never
/// cached and never an error: that author is a placeholder on this page. With Redis configured
/// the cache has a second level there (FeedProfilesExtensions), shared by every instance.
/// </summary>
internal sealed class HttpProfileSource(HttpClient http, HybridCache cache, IOptions<ProfileServiceOptions> options,
    FeedMetrics metrics, ILogger<HttpProfileSource> logger) : IProfileSource
{
    private readonly HybridCacheEntryOptions _entry = new()
    {
        Expiration = options.Value.CacheTtl,
        LocalCacheExpiration = options.Value.CacheTtl,
    };

    public async Task<IReadOnlyDictionary<string, AuthorProfile>> GetAuthorsAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        var distinct = userIds.Distinct(StringComparer.Ordinal).ToArray();
        var profiles = await Task.WhenAll(distinct.Select(id => GetAsync(id, cancellationToken)));
        var byId = new Dictionary<string, AuthorProfile>(distinct.Length, StringComparer.Ordinal);
        for (var i = 0; i < distinct.Length; i++)
        {
            byId[distinct[i]] = profiles[i];
        }
        return byId;
    }

    private async Task<AuthorProfile> GetAsync(string userId, CancellationToken cancellationToken)
    {
        var lookup = new Lookup(this, userId);
        try
        {
            var profile = await cache.GetOrCreateAsync(ProfileCacheKeys.Author(userId), lookup,
                static (state, token) => state.Source.FetchAsync(state, token), _entry, cancellationToken: cancellationToken);
            if (!lookup.Fetched)
            {
                metrics.ProfileCacheHit();
            }
            return profile;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Thrown by the fetch (shared by every caller waiting for this id), so nothing is
            // cached, or by the shared second level (Redis down): either way a placeholder.
            ProfileLog.FetchFailed(logger, userId, (e.InnerException ?? e).GetType().Name, e.Message);
            return IProfileSource.Placeholder(userId);
        }
    }

    private async ValueTask<AuthorProfile> FetchAsync(Lookup lookup, CancellationToken cancellationToken)
    {
        lookup.Fetched = true;
        var ok = false;
        try
        {
            var url = new Uri(options.Value.BaseUrl!, $"api/users/{Uri.EscapeDataString(lookup.UserId)}");
            var user = await http.GetFromJsonAsync<UserProfile>(url, cancellationToken);
            if (user is null || string.IsNullOrEmpty(user.DisplayName))
            {
                throw new ProfileUnavailableException("the service returned no display name");
            }
            ok = true;
            return user.ToAuthor() with { Id = lookup.UserId };
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException
            or Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException or Polly.RateLimiting.RateLimiterRejectedException)
        {
            throw new ProfileUnavailableException(e.Message, e);
        }
        finally
        {
            metrics.ProfileFetched(ok);
        }
    }

    /// <summary>Per lookup: whether this caller's factory ran (else the cache or another caller's fetch served it).</summary>
    private sealed class Lookup(HttpProfileSource source, string userId)
    {
        public HttpProfileSource Source { get; } = source;

        public string UserId { get; } = userId;

        public bool Fetched { get; set; }
    }
}

/// <summary>A profile fetch that yielded no profile; the author becomes a placeholder.</summary>
internal sealed class ProfileUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Cache keys of profiles (one place, so a second level shared by instances agrees on them).</summary>
internal static class ProfileCacheKeys
{
    public static string Author(string userId) => $"feed:profile:{userId}";
}
