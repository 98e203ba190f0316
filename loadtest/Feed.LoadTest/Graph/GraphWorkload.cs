using System.Globalization;
using Feed.LoadTest.Metrics;
using Feed.LoadTest.Options;
using Feed.LoadTest.Report;

namespace Feed.LoadTest.Graph;

/// <summary>
/// The graph workload of one run: the graph, which author makes each post (planned up front from
/// the seed), what each connection should receive, and the delivery figures split by the author's
/// follower count. Deliveries are recorded from any connection's thread.
/// </summary>
internal sealed class GraphWorkload
{
    /// <summary>Lower bounds of the follower-count buckets: &lt;10, 10-99, 100-999, &gt;=1000.</summary>
    private static readonly int[] BucketFloors = [0, 10, 100, 1000];

    private readonly LoadTestOptions _options;
    private readonly int[] _authorOfPost;
    private readonly MicrosecondHistogram[] _latency = BucketFloors.Select(_ => new MicrosecondHistogram()).ToArray();
    private readonly long[] _postsPerBucket = new long[BucketFloors.Length];
    private int[] _readyFollowers = [];
    private long _expected;

    public GraphWorkload(LoadTestOptions options)
    {
        _options = options;
        Graph = SocialGraph.Generate(options.Connections, options.Authors, options.Follows, options.Skew, options.Seed);
        var posts = options.Burst > 0 ? options.Burst : (int)Math.Max(1, Math.Floor(options.Rate * options.Duration.TotalSeconds));
        _authorOfPost = AuthorPlan.Make(Graph, options.AuthorPick, posts, options.Seed);
    }

    public SocialGraph Graph { get; }

    /// <summary>Deliveries expected for the posts published so far (their authors' connected followers).</summary>
    public long Expected => Interlocked.Read(ref _expected);

    /// <summary>How the authors post (said in the report).</summary>
    public static string PostedVia => "http";

    public string AuthorId(int author) => string.Create(CultureInfo.InvariantCulture, $"{_options.UserPrefix}-a{author}");

    public int AuthorOfPost(int sequence) => _authorOfPost[sequence];

    /// <summary>Warm-up post i is made by the i-th most-followed author, so warm-up reaches many connections.</summary>
    public int AuthorOfWarmup(int index) => Graph.ByFollowersDescending[index % Graph.Authors];

    public bool Expects(int connection, int sequence) =>
        (uint)sequence < (uint)_authorOfPost.Length && Graph.Follows(connection, _authorOfPost[sequence]);

    /// <summary>Counts, per author, the followers that are connected and expected to receive (call once, after connecting).</summary>
    public void SetReady(IEnumerable<int> readyConnections)
    {
        var ready = new int[Graph.Authors];
        foreach (var connection in readyConnections)
        {
            foreach (var author in Graph.FollowsOf(connection))
            {
                ready[author]++;
            }
        }
        _readyFollowers = ready;
    }

    public long ExpectedWarmups(int count) => Enumerable.Range(0, count).Sum(i => (long)_readyFollowers[AuthorOfWarmup(i)]);

    /// <summary>A post was accepted by the server: its author's connected followers are now expected to get it.</summary>
    public void Published(int sequence)
    {
        var author = _authorOfPost[sequence];
        Interlocked.Add(ref _expected, _readyFollowers[author]);
        Interlocked.Increment(ref _postsPerBucket[BucketOf(Graph.FollowersOf(author))]);
    }

    public void Record(int sequence, long microseconds)
    {
        if ((uint)sequence < (uint)_authorOfPost.Length)
        {
            _latency[BucketOf(Graph.FollowersOf(_authorOfPost[sequence]))].Record(microseconds);
        }
    }

    public GraphReport Report(double setupSeconds, long followsMade, double settleSeconds) => new(
        Graph.Authors, Graph.FollowsPerConnection, Graph.Skew, Graph.Memberships, Graph.TopAuthorFollowers,
        Graph.MedianAuthorFollowers, _options.Seed, _options.AuthorPick, PostedVia, Math.Round(setupSeconds, 3),
        setupSeconds > 0 ? Math.Round(followsMade / setupSeconds) : 0,
        Math.Round(settleSeconds, 3),
        BucketFloors.Select((floor, i) => new FollowerBucketReport(
            BucketName(i),
            Enumerable.Range(0, Graph.Authors).Count(a => BucketOf(Graph.FollowersOf(a)) == i),
            Interlocked.Read(ref _postsPerBucket[i]),
            _latency[i].Count,
            Ms(_latency[i].ValueAtPercentile(50)),
            Ms(_latency[i].ValueAtPercentile(99)))).ToList());

    private static int BucketOf(int followers)
    {
        var bucket = 0;
        while (bucket + 1 < BucketFloors.Length && followers >= BucketFloors[bucket + 1])
        {
            bucket++;
        }
        return bucket;
    }

    private static string BucketName(int bucket) => bucket switch
    {
        0 => $"<{BucketFloors[1]}",
        _ when bucket == BucketFloors.Length - 1 => $">={BucketFloors[bucket]}",
        _ => $"{BucketFloors[bucket]}-{BucketFloors[bucket + 1] - 1}",
    };

    private static double Ms(long microseconds) => Math.Round(microseconds / 1000.0, 3);
}
