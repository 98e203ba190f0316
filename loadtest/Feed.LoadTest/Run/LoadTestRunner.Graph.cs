using System.Diagnostics;
using Feed.LoadTest.Graph;

namespace Feed.LoadTest.Run;

// The graph workload's phases: authors and followers created, follows made over HTTP before
// anyone connects, posts sent by the planned authors over HTTP.
internal sealed partial class LoadTestRunner
{
    private AuthorPoster? _authorPoster;

    /// <summary>Tokens for authors (created on every instance) and followers, then every follow; returns the seconds it took.</summary>
    private async Task<double> SetUpGraphAsync(GraphWorkload graph, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var tokens = new DevTokens(_http, _options.SetupConcurrency, _counters);
        _counters.Phase = "authors";
        var authorIds = Enumerable.Range(0, graph.Graph.Authors).Select(graph.AuthorId).ToList();
        var authorTokens = await tokens.GetForPublishersAsync(authorIds, cancellationToken).ConfigureAwait(false);
        _authorPoster = new AuthorPoster(_options.Urls.Select(url => _http[url]).ToList(), authorTokens);
        _counters.Phase = "tokens";
        await tokens.GetAllAsync(_followers, cancellationToken).ConfigureAwait(false);
        _counters.Phase = "following";
        await new GraphSetup(_http, _options.SetupConcurrency, _counters).FollowAllAsync(_followers, graph, cancellationToken).ConfigureAwait(false);
        return started.Elapsed.TotalSeconds;
    }

    /// <summary>A follower is expected to receive once it is connected with every follow made.</summary>
    private void MarkGraphFollowersReady(GraphWorkload graph)
    {
        foreach (var follower in _followers)
        {
            follower.Ready = follower.Client is not null && !follower.FollowsFailed;
        }
        graph.SetReady(Enumerable.Range(0, _followers.Count).Where(i => _followers[i].Ready));
    }

    private Func<int, string, Task> PostSender()
    {
        if (_graph is not { } graph)
        {
            return PostPublisher.OverConnections(_publishers);
        }
        return async (sequence, text) =>
        {
            await _authorPoster!.PostAsync(graph.AuthorOfPost(sequence), sequence, text).ConfigureAwait(false);
            graph.Published(sequence);
        };
    }

    private Func<int, string, Task> WarmupSender() => _graph is { } graph
        ? (index, text) => _authorPoster!.PostAsync(graph.AuthorOfWarmup(index), index, text)
        : PostPublisher.OverConnections(_publishers);
}
