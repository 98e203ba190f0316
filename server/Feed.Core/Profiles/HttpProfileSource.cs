using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;

namespace Feed.Core;

/// <summary>
/// Profiles from the profile service over HTTP. A page's distinct authors are fetched
/// concurrently (bounded by <see cref="ProfileServiceOptions.MaxConcurrency"/> across the
/// process), each with its own timeout; results are cached for the TTL and concurrent
/// requests for one id share a single fetch. A failed or slow fetch yields a placeholder, so a
/// slow profile service costs a page one timeout at most, never an error.
/// </summary>
public sealed partial class HttpProfileSource : IProfileSource
{
    private readonly HttpClient _http;
    private readonly ProfileServiceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<HttpProfileSource> _logger;
    private readonly SemaphoreSlim _inFlight;
    private readonly ConcurrentDictionary<string, CachedProfile> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<AuthorProfile?>> _pending = new(StringComparer.Ordinal);

    public HttpProfileSource(HttpClient http, ProfileServiceOptions options, TimeProvider time, ILogger<HttpProfileSource> logger)
    {
        _http = http;
        _options = options;
        _time = time;
        _logger = logger;
        _inFlight = new SemaphoreSlim(options.MaxConcurrency);
    }

    public async Task<IReadOnlyDictionary<string, AuthorProfile>> GetAuthorsAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        var byId = new Dictionary<string, AuthorProfile>(userIds.Count, StringComparer.Ordinal);
        List<(string Id, Task<AuthorProfile?> Fetch)>? fetches = null;
        var now = _time.GetUtcNow();
        foreach (var id in userIds)
        {
            if (_cache.TryGetValue(id, out var cached) && cached.Expires > now)
            {
                byId[id] = cached.Profile;
                continue;
            }
            (fetches ??= []).Add((id, _pending.GetOrAdd(id, FetchShared)));
        }
        foreach (var (id, fetch) in fetches ?? [])
        {
            // Fetches are not cancelled by one caller: others may share them, and each has its own timeout.
            var profile = await fetch.WaitAsync(cancellationToken);
            byId[id] = profile ?? IProfileSource.Placeholder(id);
        }
        return byId;
    }

    private Task<AuthorProfile?> FetchShared(string userId) => FetchAndCacheAsync(userId);

    private async Task<AuthorProfile?> FetchAndCacheAsync(string userId)
    {
        try
        {
            var profile = await FetchAsync(userId);
            if (profile is not null)
            {
                _cache[userId] = new CachedProfile(profile, _time.GetUtcNow() + _options.CacheTtl);
            }
            return profile;
        }
        finally
        {
            _pending.TryRemove(userId, out _);
        }
    }

    private async Task<AuthorProfile?> FetchAsync(string userId)
    {
        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        try
        {
            await _inFlight.WaitAsync(timeout.Token);
            try
            {
                var url = new Uri(_options.BaseUrl!, $"api/users/{Uri.EscapeDataString(userId)}");
                var user = await _http.GetFromJsonAsync<UserProfile>(url, timeout.Token);
                return user is null || string.IsNullOrEmpty(user.DisplayName) ? null : user.ToAuthor() with { Id = userId };
            }
            finally
            {
                _inFlight.Release();
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException or NotSupportedException)
        {
            Log.ProfileFetchFailed(_logger, userId, e.GetType().Name, e.Message);
            return null;
        }
    }

    private sealed record CachedProfile(AuthorProfile Profile, DateTimeOffset Expires);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Profile fetch for {UserId} failed ({Kind}: {Reason}); using a placeholder author")]
        public static partial void ProfileFetchFailed(ILogger logger, string userId, string kind, string reason);
    }
}
