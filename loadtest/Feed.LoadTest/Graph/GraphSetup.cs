using System.Net.Http.Headers;
using Feed.LoadTest.Run;

namespace Feed.LoadTest.Graph;

/// <summary>
/// Builds the graph on the server before anyone connects, as real users arrive already following
/// people: each follower's follows go over HTTP (<c>PUT /api/follows/{author}</c>, the follower's
/// token) to the instance it will connect to, <c>concurrency</c> followers at a time.
/// </summary>
internal sealed class GraphSetup(IReadOnlyDictionary<Uri, HttpClient> clients, int concurrency, RunCounters counters)
{
    public Task FollowAllAsync(IReadOnlyList<FollowerConnection> followers, GraphWorkload workload, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(Enumerable.Range(0, followers.Count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (index, ct) =>
            {
                var follower = followers[index];
                if (follower.Token is null)
                {
                    follower.FollowsFailed = true; // no token (counted there)
                    return;
                }
                try
                {
                    foreach (var author in workload.Graph.FollowsOf(index).ToArray())
                    {
                        await FollowAsync(clients[follower.Url], follower.Token, workload.AuthorId(author), ct).ConfigureAwait(false);
                        Interlocked.Increment(ref counters.FollowsMade);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    follower.FollowsFailed = true;
                    counters.Errors.Add("follow", e);
                }
            });

    private static async Task FollowAsync(HttpClient client, string token, string authorId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/follows/" + Uri.EscapeDataString(authorId));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }
}
