using Feed.Client;

namespace Feed.LoadTest.Run;

/// <summary>
/// Gets dev tokens (<c>POST /api/auth/token</c>, which also creates the user) with bounded
/// concurrency: 10,000 users take a few seconds this way, so no bulk endpoint is needed.
/// </summary>
internal sealed class DevTokens(IReadOnlyDictionary<Uri, HttpClient> clients, int concurrency, RunCounters counters)
{
    /// <summary>A token for the user from the instance at <paramref name="url"/>; null (error counted) on failure.</summary>
    public async Task<string?> GetAsync(Uri url, string userId, CancellationToken cancellationToken)
    {
        try
        {
            return await FeedClient.GetDevTokenAsync(clients[url], userId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            counters.Errors.Add("token", e);
            return null;
        }
    }

    /// <summary>Tokens for every follower, each from the instance it will connect to.</summary>
    public Task GetAllAsync(IReadOnlyList<FollowerConnection> followers, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(followers, Parallelism(cancellationToken), async (follower, ct) =>
            follower.Token = await GetAsync(follower.Url, follower.UserId, ct).ConfigureAwait(false));

    /// <summary>
    /// Creates each publisher on every instance (the in-memory store is per instance; following
    /// needs the followee there) and returns one token per publisher.
    /// </summary>
    public async Task<string?[]> GetForPublishersAsync(IReadOnlyList<string> publisherIds, CancellationToken cancellationToken)
    {
        var tokens = new string?[publisherIds.Count];
        var work = publisherIds.Index().SelectMany(p => clients.Keys.Select(url => (p.Index, p.Item, url)));
        await Parallel.ForEachAsync(work, Parallelism(cancellationToken), async (job, ct) =>
        {
            var token = await GetAsync(job.url, job.Item, ct).ConfigureAwait(false);
            if (token is not null)
            {
                tokens[job.Index] = token;
            }
        }).ConfigureAwait(false);
        return tokens;
    }

    private ParallelOptions Parallelism(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
}
