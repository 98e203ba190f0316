using System.Globalization;

namespace Feed.LoadTest.Graph;

/// <summary>
/// Who follows whom in a graph run: follower connection i follows <see cref="FollowsPerConnection"/>
/// distinct authors drawn by <see cref="ZipfLaw"/>, from one seeded generator, so the same
/// arguments give the same graph. Author index = popularity rank of the law (0 is drawn most).
/// </summary>
internal sealed class SocialGraph
{
    private readonly int[][] _follows;
    private readonly int[] _followerCounts;

    private SocialGraph(int authors, int follows, double skew, int[][] followsOf)
    {
        Authors = authors;
        FollowsPerConnection = follows;
        Skew = skew;
        _follows = followsOf;
        _followerCounts = new int[authors];
        foreach (var followed in followsOf)
        {
            foreach (var author in followed)
            {
                _followerCounts[author]++;
            }
        }
        ByFollowersDescending = Enumerable.Range(0, authors)
            .OrderByDescending(a => _followerCounts[a]).ThenBy(a => a).ToArray();
    }

    public int Authors { get; }

    public int FollowsPerConnection { get; }

    public double Skew { get; }

    public int Connections => _follows.Length;

    /// <summary>Follow relations in the graph (connections x follows).</summary>
    public long Memberships => (long)Connections * FollowsPerConnection;

    /// <summary>Author indices, the most-followed first (ties by index).</summary>
    public IReadOnlyList<int> ByFollowersDescending { get; }

    public int TopAuthorFollowers => Authors == 0 ? 0 : _followerCounts[ByFollowersDescending[0]];

    /// <summary>Median follower count over every author, those nobody follows included.</summary>
    public double MedianAuthorFollowers
    {
        get
        {
            var sorted = _followerCounts.Order().ToArray();
            var middle = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
        }
    }

    public static SocialGraph Generate(int connections, int authors, int follows, double skew, int seed)
    {
        if (follows > authors)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{follows} follows per connection cannot be distinct among {authors} authors."), nameof(follows));
        }
        var law = new ZipfLaw(authors, skew);
        var random = new Random(seed);
        var followsOf = new int[connections][];
        for (var i = 0; i < connections; i++)
        {
            followsOf[i] = law.DrawDistinct(random, follows);
        }
        return new SocialGraph(authors, follows, skew, followsOf);
    }

    /// <summary>The authors follower <paramref name="connection"/> follows, ascending.</summary>
    public ReadOnlySpan<int> FollowsOf(int connection) => _follows[connection];

    public bool Follows(int connection, int author) => Array.BinarySearch(_follows[connection], author) >= 0;

    public int FollowersOf(int author) => _followerCounts[author];
}
